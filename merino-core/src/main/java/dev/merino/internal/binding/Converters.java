package dev.merino.internal.binding;

import dev.merino.binding.Converter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Finds, at start, how to turn text into a type: the application's converters first, then the
 * built-in ones, then enums, then a public static {@code of}, {@code parse} or {@code valueOf}
 * method taking one {@code String} (or {@code CharSequence}) and returning the type.
 */
public final class Converters {
    private static final Map<Class<?>, Conversion> BUILT_IN = builtIn();

    private final Map<Class<?>, Converter<?>> registered;
    private final Map<Class<?>, Conversion> found = new HashMap<>();

    /** Creates the lookup over the application's converters. */
    public Converters(Map<Class<?>, Converter<?>> registered) {
        this.registered = Map.copyOf(registered);
    }

    /** Returns how to convert text into the type, or {@code null} when nothing can. */
    Conversion find(Class<?> type, boolean ignoreCase) {
        Converter<?> own = registered.get(type);
        if (own != null) {
            return new Conversion(own, "a valid " + type.getSimpleName());
        }
        Conversion builtIn = BUILT_IN.get(type);
        if (builtIn != null) {
            return builtIn;
        }
        if (type.isEnum()) {
            return forEnum(type, ignoreCase);
        }
        return found.computeIfAbsent(type, Converters::factory);
    }

    private static Conversion forEnum(Class<?> type, boolean ignoreCase) {
        Object[] constants = type.getEnumConstants();
        Map<String, Object> byName = new HashMap<>();
        for (Object constant : constants) {
            String name = ((Enum<?>) constant).name();
            byName.put(ignoreCase ? name.toLowerCase(Locale.ROOT) : name, constant);
        }
        String names = Arrays.stream(constants).map(c -> ((Enum<?>) c).name())
                .collect(Collectors.joining(", "));
        Converter<?> converter = text -> {
            Object value = byName.get(ignoreCase ? text.toLowerCase(Locale.ROOT) : text);
            if (value == null) {
                throw new IllegalArgumentException("not a constant");
            }
            return value;
        };
        return new Conversion(converter, "one of " + names
                + (ignoreCase ? " (any case)" : ""));
    }

    private static Conversion factory(Class<?> type) {
        for (String name : new String[] {"of", "parse", "valueOf"}) {
            for (Class<?> argument : new Class<?>[] {String.class, CharSequence.class}) {
                MethodHandle handle = staticFactory(type, name, argument);
                if (handle != null) {
                    Converter<?> converter = text -> invoke(handle, text);
                    return new Conversion(converter, "a valid " + type.getSimpleName());
                }
            }
        }
        return null;
    }

    private static MethodHandle staticFactory(Class<?> type, String name, Class<?> argument) {
        try {
            Method method = type.getMethod(name, argument);
            if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != type) {
                return null;
            }
            return MethodHandles.publicLookup().unreflect(method)
                    .asType(MethodType.methodType(Object.class, String.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    private static Object invoke(MethodHandle handle, String text) {
        try {
            return (Object) handle.invokeExact(text);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<Class<?>, Conversion> builtIn() {
        Map<Class<?>, Conversion> map = new HashMap<>();
        map.put(String.class, new Conversion(text -> text, "text", Conversion.Kind.TEXT));
        both(map, int.class, Integer.class, new Conversion(Integer::valueOf, "an integer",
                Conversion.Kind.INT));
        both(map, long.class, Long.class, new Conversion(Long::valueOf, "an integer",
                Conversion.Kind.LONG));
        both(map, short.class, Short.class, Short::valueOf, "an integer from -32768 to 32767");
        both(map, byte.class, Byte.class, Byte::valueOf, "an integer from -128 to 127");
        both(map, double.class, Double.class, Converters::parseDouble, "a number");
        both(map, float.class, Float.class, Converters::parseFloat, "a number");
        both(map, boolean.class, Boolean.class, Converters::parseBoolean, "true or false");
        both(map, char.class, Character.class, Converters::parseChar, "a single character");
        map.put(BigDecimal.class, new Conversion(BigDecimal::new, "a decimal number"));
        map.put(BigInteger.class, new Conversion(BigInteger::new, "an integer"));
        map.put(UUID.class, new Conversion(Converters::parseUuid, "a UUID",
                Conversion.Kind.UUID));
        map.put(Instant.class, new Conversion(Instant::parse,
                "an ISO-8601 instant such as 2024-01-31T10:15:30Z"));
        map.put(LocalDate.class, new Conversion(LocalDate::parse,
                "an ISO-8601 date such as 2024-01-31"));
        map.put(LocalTime.class, new Conversion(LocalTime::parse,
                "an ISO-8601 time such as 10:15:30"));
        map.put(LocalDateTime.class, new Conversion(LocalDateTime::parse,
                "an ISO-8601 date and time such as 2024-01-31T10:15:30"));
        map.put(OffsetDateTime.class, new Conversion(OffsetDateTime::parse,
                "an ISO-8601 date and time with offset such as 2024-01-31T10:15:30+01:00"));
        map.put(ZonedDateTime.class, new Conversion(ZonedDateTime::parse,
                "an ISO-8601 date and time with zone such as 2024-01-31T10:15:30Z"));
        map.put(Duration.class, new Conversion(Duration::parse,
                "an ISO-8601 duration such as PT30S"));
        return Map.copyOf(map);
    }

    private static void both(Map<Class<?>, Conversion> map, Class<?> primitive, Class<?> box,
            Converter<?> converter, String expected) {
        both(map, primitive, box, new Conversion(converter, expected));
    }

    private static void both(Map<Class<?>, Conversion> map, Class<?> primitive, Class<?> box,
            Conversion conversion) {
        map.put(primitive, conversion);
        map.put(box, conversion);
    }

    private static Double parseDouble(String text) {
        double value = Double.parseDouble(text);
        // Double.parseDouble also takes "NaN", "Infinity" and a trailing 'd', none of them a
        // number a client means to send.
        if (!Double.isFinite(value) || !Character.isDigit(text.charAt(text.length() - 1))) {
            throw new IllegalArgumentException("not a finite decimal number");
        }
        return value;
    }

    private static Float parseFloat(String text) {
        float value = parseDouble(text).floatValue();
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static Character parseChar(String text) {
        if (text.length() != 1) {
            throw new IllegalArgumentException("not one character");
        }
        return text.charAt(0);
    }

    static UUID parseUuid(String text) {
        // UUID.fromString accepts shortened groups such as "1-2-3-4-5"; only the canonical form
        // is a UUID to a client.
        if (text.length() != 36) {
            throw new IllegalArgumentException("not 36 characters");
        }
        return UUID.fromString(text);
    }
}
