package dev.merino.internal.binding;

import dev.merino.binding.Converter;

/**
 * A converter with the words that tell a client what it expects, such as {@code an integer}.
 *
 * @param converter the converter
 * @param expected what a valid value looks like, for the error detail
 * @param kind which of the commonest built-in conversions it is, if any
 */
record Conversion(Converter<?> converter, String expected, Kind kind) {

    /**
     * The built-in conversions that {@link #apply} makes itself. One converter call site serves
     * every converter class of an application, so it is megamorphic: an out-of-line interface
     * call per value, around a parse the compiler cannot see. The types of most parameters
     * (text, integers, UUIDs) are converted inline instead.
     */
    enum Kind {
        TEXT, INT, LONG, UUID, OTHER
    }

    /** Creates a conversion that calls its converter. */
    Conversion(Converter<?> converter, String expected) {
        this(converter, expected, Kind.OTHER);
    }

    /** Converts the text; throws any runtime exception the converter throws. */
    Object apply(String text) {
        return switch (kind) {
            case TEXT -> text;
            case INT -> Integer.valueOf(text);
            case LONG -> Long.valueOf(text);
            case UUID -> Converters.parseUuid(text);
            case OTHER -> converter.convert(text);
        };
    }

    /** Returns the error detail for a value that did not convert. */
    String detail() {
        return "Expected " + expected + ".";
    }
}
