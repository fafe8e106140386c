package dev.merino.benchmarks.load;

import java.time.Duration;

/** Reads {@code --name value} command-line options. */
final class Options {
    private final String[] args;

    Options(String[] args) {
        this.args = args;
    }

    String string(String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    /** Parses {@code 500ms}, {@code 10s} or {@code 2m}; a bare number is seconds. */
    Duration duration(String name, String fallback) {
        String value = string(name, fallback).trim();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }
}
