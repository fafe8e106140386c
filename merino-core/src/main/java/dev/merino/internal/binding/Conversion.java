package dev.merino.internal.binding;

import dev.merino.binding.Converter;

/**
 * A converter with the words that tell a client what it expects, such as {@code an integer}.
 *
 * @param converter the converter
 * @param expected what a valid value looks like, for the error detail
 */
record Conversion(Converter<?> converter, String expected) {

    /** Converts the text; throws any runtime exception the converter throws. */
    Object apply(String text) {
        return converter.convert(text);
    }

    /** Returns the error detail for a value that did not convert. */
    String detail() {
        return "Expected " + expected + ".";
    }
}
