package dev.merino.internal.binding;

import dev.merino.auth.Identity;
import dev.merino.binding.Default;
import dev.merino.binding.FromAttribute;
import dev.merino.binding.FromBody;
import dev.merino.binding.FromCookie;
import dev.merino.binding.FromForm;
import dev.merino.binding.FromHeader;
import dev.merino.binding.FromPath;
import dev.merino.binding.FromQuery;
import dev.merino.binding.IgnoreCase;
import dev.merino.binding.Param;
import dev.merino.binding.UploadedFile;
import dev.merino.binding.Validator;
import dev.merino.http.Request;
import dev.merino.internal.inject.Key;
import dev.merino.internal.inject.Provider;
import dev.merino.internal.routing.PathPattern;
import dev.merino.websocket.WebSocketUpgrade;
import jakarta.inject.Named;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds a {@link BindingPlan} for a handler method at start, from its parameters'
 * declarations. Every mistake (an unknown converter, a missing service, a path parameter the
 * template lacks) throws with a message naming the method and the parameter.
 */
final class PlanBuilder {
    private final Setup setup;
    private final String owner;
    /** The template's path parameters and the types the router converts them to. */
    private final Map<String, PathPattern.Type> pathTypes;
    private final boolean webSocket;
    private final List<Validator.Parameter> described = new ArrayList<>();

    PlanBuilder(Setup setup, String owner, String template, boolean webSocket) {
        this.setup = setup;
        this.owner = owner;
        Map<String, PathPattern.Type> types = new HashMap<>();
        for (PathPattern.Segment segment : PathPattern.parse(template).segments()) {
            switch (segment) {
                case PathPattern.Param param -> types.put(param.name(), param.type());
                case PathPattern.CatchAll all -> types.put(all.name(), PathPattern.Type.STRING);
                case PathPattern.Literal literal -> { }
            }
        }
        this.pathTypes = Map.copyOf(types);
        this.webSocket = webSocket;
    }

    /** Builds the plan for a method of the instance (null for a static method). */
    BindingPlan build(Method method, Object instance) {
        java.lang.reflect.Parameter[] parameters = method.getParameters();
        ParameterBinder[] binders = new ParameterBinder[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            binders[i] = binderFor(parameters[i]);
        }
        BindingPlan.ArgumentCheck check = null;
        if (setup.validator != null) {
            Validator.Check prepared = setup.validator.prepare(instance, method,
                    List.copyOf(described));
            check = prepared == null ? null : prepared::check;
        }
        return new BindingPlan(binders, check);
    }

    private ParameterBinder binderFor(java.lang.reflect.Parameter parameter) {
        Class<?> raw = parameter.getType();
        if (raw == Request.class) {
            described.add(new Validator.Parameter(null, "request"));
            return (request, context) -> request;
        }
        if (raw == Identity.class) {
            described.add(new Validator.Parameter(null, "identity"));
            return (request, context) -> Identity.require(request);
        }
        if (raw == Optional.class && elementOrNull(parameter) == Identity.class) {
            described.add(new Validator.Parameter(null, "identity"));
            return (request, context) -> Identity.of(request);
        }
        if (raw == WebSocketUpgrade.class) {
            if (!webSocket) {
                throw problem(parameter, "is a WebSocketUpgrade, but the route is not a "
                        + "WebSocket route");
            }
            described.add(new Validator.Parameter(null, "upgrade"));
            return (ParameterBinder.Contextual) (request, context) -> context.upgrade;
        }
        if (parameter.isAnnotationPresent(FromBody.class)) {
            return body(parameter);
        }
        if (parameter.isAnnotationPresent(FromForm.class)) {
            return form(parameter);
        }
        FromAttribute attribute = parameter.getAnnotation(FromAttribute.class);
        if (attribute != null) {
            return attribute(parameter, attribute.value());
        }
        ValueBinder.Source source = sourceOf(parameter);
        if (source != null) {
            return value(parameter, source, nameOf(parameter, annotationName(parameter)));
        }
        return unannotated(parameter);
    }

    private ParameterBinder unannotated(java.lang.reflect.Parameter parameter) {
        Named named = parameter.getAnnotation(Named.class);
        Key key = new Key(parameter.getType(), named == null ? null : named.value());
        String name = parameter.isNamePresent() ? parameter.getName() : null;
        if (named == null && !setup.container.provides(key)) {
            boolean convertible = setup.converters.find(elementOf(parameter.getParameterizedType(),
                    parameter), false) != null;
            if (convertible && name != null) {
                ValueBinder.Source source = pathTypes.containsKey(name) ? ValueBinder.Source.PATH
                        : ValueBinder.Source.QUERY;
                return value(parameter, source, name);
            }
        }
        described.add(new Validator.Parameter(null, name == null ? key.toString() : name));
        Provider provider = setup.container.provider(key, where(parameter));
        return (ParameterBinder.Contextual) (request, context) -> provider.get(context);
    }

    private ParameterBinder value(java.lang.reflect.Parameter parameter,
            ValueBinder.Source source, String name) {
        if (source == ValueBinder.Source.PATH && !pathTypes.containsKey(name)) {
            throw problem(parameter, "names the path parameter '" + name
                    + "', which the route's template lacks");
        }
        described.add(new Validator.Parameter(source.in, name));
        return valueBinder(parameter, parameter.getParameterizedType(), parameter.getType(),
                source, name, where(parameter));
    }

    /** Builds a value binder for a parameter or a form record component. */
    ValueBinder valueBinder(AnnotatedElement element, Type type, Class<?> raw,
            ValueBinder.Source source, String name, String what) {
        Default fallback = element.getAnnotation(Default.class);
        return valueBinder(source, name, elementOf(type, what), shapeOf(raw),
                fallback == null ? null : fallback.value(), isNullable(element),
                element.isAnnotationPresent(IgnoreCase.class), what);
    }

    private ValueBinder valueBinder(ValueBinder.Source source, String name, Class<?> element,
            ValueBinder.Shape shape, String fallback, boolean nullable, boolean ignoreCase,
            String what) {
        Conversion conversion = setup.converters.find(element, ignoreCase);
        if (conversion == null) {
            throw new IllegalStateException(what + ": no converter for "
                    + element.getSimpleName() + "; register one with app.converter("
                    + element.getSimpleName() + ".class, ...) or give it a static "
                    + "of(String), parse(String) or valueOf(String) method");
        }
        if (element.isPrimitive() && nullable) {
            throw new IllegalStateException(what + ": a primitive cannot be null; use "
                    + "Optional, a boxed type or @Default");
        }
        boolean required = shape == ValueBinder.Shape.SINGLE && fallback == null && !nullable;
        Object absent = fallback != null
                ? ValueBinder.convertDefault(conversion, fallback, shape, what)
                : ValueBinder.emptyOf(shape);
        PathPattern.Type routed = source == ValueBinder.Source.PATH ? pathTypes.get(name) : null;
        return ValueBinder.of(source, name, conversion, shape, required, absent, routed);
    }

    /** Builds the plan for a functional handler's declared parameters. */
    BindingPlan build(List<Param<?>> params) {
        ParameterBinder[] binders = new ParameterBinder[params.size()];
        for (int i = 0; i < binders.length; i++) {
            binders[i] = binderFor(params.get(i), i);
        }
        return new BindingPlan(binders, null);
    }

    private ParameterBinder binderFor(Param<?> param, int index) {
        if (param == null) {
            // The upgrade itself, first argument of a functional WebSocket handler.
            return (ParameterBinder.Contextual) (request, context) -> context.upgrade;
        }
        String what = owner + " parameter " + (webSocket ? index : index + 1) + " ('"
                + param.name() + "')";
        ValueBinder.Shape shape = ValueBinder.Shape.valueOf(param.shape().name());
        ValueBinder.Source source = switch (param.source()) {
            case REQUEST, SERVICE, BODY -> null;
            case PATH -> ValueBinder.Source.PATH;
            case QUERY -> ValueBinder.Source.QUERY;
            case HEADER -> ValueBinder.Source.HEADER;
            case COOKIE -> ValueBinder.Source.COOKIE;
        };
        if (param.source() == Param.Source.REQUEST) {
            return (request, context) -> request;
        }
        if (param.source() == Param.Source.SERVICE) {
            Provider provider = setup.container.provider(new Key(param.type(), null), what);
            return (ParameterBinder.Contextual) (request, context) -> provider.get(context);
        }
        if (param.source() == Param.Source.BODY) {
            return body(param.type(), param.type(), shape == ValueBinder.Shape.OPTIONAL, false);
        }
        if (source == ValueBinder.Source.PATH && !pathTypes.containsKey(param.name())) {
            throw new IllegalStateException(what + " names the path parameter '"
                    + param.name() + "', which the route's template lacks");
        }
        return valueBinder(source, param.name(), param.type(), shape, param.defaultValue(),
                false, false, what);
    }

    private ParameterBinder body(java.lang.reflect.Parameter parameter) {
        described.add(new Validator.Parameter("body", "body"));
        Class<?> raw = parameter.getType();
        boolean optional = raw == Optional.class;
        Type type = optional ? argumentOf(parameter.getParameterizedType(), where(parameter))
                : parameter.getParameterizedType();
        return body(raw, type, optional, isNullable(parameter));
    }

    private ParameterBinder body(Class<?> raw, Type type, boolean optional, boolean nullable) {
        if (raw == String.class) {
            return new BodyBinder(BodyBinder.Kind.TEXT, null, null, false, false);
        }
        if (raw == byte[].class) {
            return new BodyBinder(BodyBinder.Kind.BYTES, null, null, false, false);
        }
        if (raw == InputStream.class) {
            return new BodyBinder(BodyBinder.Kind.STREAM, null, null, false, false);
        }
        boolean required = !optional && !nullable;
        ObjectMapper json = setup.json.get();
        return new BodyBinder(BodyBinder.Kind.JSON, json.constructType(type), json, required,
                optional);
    }

    private ParameterBinder attribute(java.lang.reflect.Parameter parameter, String name) {
        described.add(new Validator.Parameter(null, name));
        boolean optional = parameter.getType() == Optional.class;
        Class<?> type = optional ? elementOf(parameter.getParameterizedType(), parameter)
                : parameter.getType();
        Class<?> boxed = type.isPrimitive()
                ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
        boolean required = !optional && !isNullable(parameter);
        String what = where(parameter);
        return (request, context) -> {
            Object value = request.attributes().get(name);
            if (value == null) {
                if (required) {
                    throw new IllegalStateException(what + ": the request attribute '" + name
                            + "' is not set; install the filter that sets it on this route");
                }
                return optional ? Optional.empty() : null;
            }
            if (!boxed.isInstance(value)) {
                throw new IllegalStateException(what + ": the request attribute '" + name
                        + "' is a " + value.getClass().getName() + ", not a " + boxed.getName());
            }
            return optional ? Optional.of(value) : value;
        };
    }

    private ParameterBinder form(java.lang.reflect.Parameter parameter) {
        described.add(new Validator.Parameter("body", "body"));
        Class<?> raw = parameter.getType();
        if (!raw.isRecord()) {
            throw problem(parameter, "is bound from a form, which needs a record type, not "
                    + raw.getSimpleName());
        }
        RecordComponent[] components = raw.getRecordComponents();
        FormBinder.FieldBinder[] fields = new FormBinder.FieldBinder[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            String what = where(parameter) + ", form field '" + component.getName() + "'";
            if (elementOf(component.getGenericType(), what) == UploadedFile.class) {
                fields[i] = FormBinder.file(component.getName(), shapeOf(component.getType()));
                continue;
            }
            fields[i] = FormBinder.field(valueBinder(component, component.getGenericType(),
                    component.getType(), ValueBinder.Source.FORM, component.getName(), what));
        }
        try {
            return new FormBinder(fields, Invoker.of(raw.getDeclaredConstructor(types)),
                    setup.uploads);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(where(parameter) + ": " + raw.getSimpleName()
                    + " has no canonical constructor", e);
        }
    }

    private static ValueBinder.Source sourceOf(java.lang.reflect.Parameter parameter) {
        if (parameter.isAnnotationPresent(FromPath.class)) {
            return ValueBinder.Source.PATH;
        }
        if (parameter.isAnnotationPresent(FromQuery.class)) {
            return ValueBinder.Source.QUERY;
        }
        if (parameter.isAnnotationPresent(FromHeader.class)) {
            return ValueBinder.Source.HEADER;
        }
        if (parameter.isAnnotationPresent(FromCookie.class)) {
            return ValueBinder.Source.COOKIE;
        }
        return null;
    }

    private static String annotationName(java.lang.reflect.Parameter parameter) {
        FromPath path = parameter.getAnnotation(FromPath.class);
        if (path != null) {
            return path.value();
        }
        FromQuery query = parameter.getAnnotation(FromQuery.class);
        if (query != null) {
            return query.value();
        }
        FromHeader header = parameter.getAnnotation(FromHeader.class);
        if (header != null) {
            return header.value();
        }
        return parameter.getAnnotation(FromCookie.class).value();
    }

    private String nameOf(java.lang.reflect.Parameter parameter, String declared) {
        if (!declared.isEmpty()) {
            return declared;
        }
        if (!parameter.isNamePresent()) {
            throw problem(parameter, "has no name: compile with -parameters, or name it in "
                    + "its annotation");
        }
        return parameter.getName();
    }

    private static ValueBinder.Shape shapeOf(Class<?> raw) {
        if (raw == Optional.class) {
            return ValueBinder.Shape.OPTIONAL;
        }
        if (raw == List.class) {
            return ValueBinder.Shape.LIST;
        }
        if (raw == Set.class) {
            return ValueBinder.Shape.SET;
        }
        return ValueBinder.Shape.SINGLE;
    }

    private Class<?> elementOf(Type type, java.lang.reflect.Parameter parameter) {
        return elementOf(type, where(parameter));
    }

    private static Class<?> elementOf(Type type, String what) {
        if (type instanceof Class<?> plain) {
            if (plain == Optional.class || plain == List.class || plain == Set.class) {
                throw new IllegalStateException(what + ": " + plain.getSimpleName()
                        + " without a type argument");
            }
            return plain;
        }
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            if (raw == Optional.class || raw == List.class || raw == Set.class) {
                Type argument = generic.getActualTypeArguments()[0];
                if (argument instanceof Class<?> element) {
                    return element;
                }
                throw new IllegalStateException(what + ": " + type.getTypeName()
                        + " (expected a plain element type)");
            }
            return raw;
        }
        throw new IllegalStateException(what + ": " + type.getTypeName()
                + " cannot be converted from text");
    }

    private static Type elementOrNull(java.lang.reflect.Parameter parameter) {
        return parameter.getParameterizedType() instanceof ParameterizedType generic
                ? generic.getActualTypeArguments()[0] : null;
    }

    private static Type argumentOf(Type type, String what) {
        if (type instanceof ParameterizedType generic) {
            return generic.getActualTypeArguments()[0];
        }
        throw new IllegalStateException(what + ": Optional without a type argument");
    }

    private static boolean isNullable(AnnotatedElement element) {
        // Any annotation called Nullable will do: JSpecify's, JetBrains', Jakarta's...
        List<Annotation> annotations = new ArrayList<>(List.of(element.getAnnotations()));
        if (element instanceof java.lang.reflect.Parameter parameter) {
            annotations.addAll(List.of(parameter.getAnnotatedType().getAnnotations()));
        } else if (element instanceof RecordComponent component) {
            annotations.addAll(List.of(component.getAnnotatedType().getAnnotations()));
        }
        return annotations.stream()
                .anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
    }

    private String where(java.lang.reflect.Parameter parameter) {
        return owner + " parameter '" + (parameter.isNamePresent() ? parameter.getName()
                : parameter.toString()) + "'";
    }

    private IllegalStateException problem(java.lang.reflect.Parameter parameter, String what) {
        return new IllegalStateException(where(parameter) + " " + what);
    }
}
