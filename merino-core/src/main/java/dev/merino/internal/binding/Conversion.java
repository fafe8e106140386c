package dev.merino.internal.binding;

import dev.merino.binding.Converter;

/**
 * A converter with the words that tell a client what it expects, such as {@code an integer}.
 *
 * @param converter the converter
 * @param expected what a valid value looks like, for the error detail
 */
record Conversion(Converter<?> converter, String expected) {
    /** The built-in converter of {@code String}, which {@link #apply} skips. */
    static final Converter<String> TEXT = text -> text;

    /** Converts the text; throws any runtime exception the converter throws. */
    Object apply(String text) {
        // Text needs no conversion: returning it here keeps the commonest case off the
        // converter call, which serves many converter classes and is megamorphic.
        return converter == TEXT ? text : converter.convert(text);
    }

    /** Returns the error detail for a value that did not convert. */
    String detail() {
        return "Expected " + expected + ".";
    }
}
