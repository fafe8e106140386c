package dev.merino.validation;

import dev.merino.binding.BindingError;
import dev.merino.binding.Validator;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.validation.metadata.MethodDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates bound handler arguments with Jakarta Bean Validation (Hibernate Validator):
 * constraints on controller method parameters ({@code @Min(1) int page}) and, through
 * {@code @Valid}, on the JSON or form bodies they receive. Violations end the request with 422;
 * each is one entry of the problem body's {@code errors}, with where the value came from, its
 * name (for a body, the property path such as {@code address.zip}) and the constraint's message.
 *
 * <pre>{@code
 * app.validator(BeanValidation.create());
 * }</pre>
 *
 * <p>Which methods have constraints is found at start; a method without any costs nothing per
 * request. Thread-safe.
 *
 * @apiNote Functional handlers made with {@code Bind} are not validated; validate in the
 *     function, or use a controller. Static controller methods are not validated either.
 */
public final class BeanValidation implements Validator {
    private final jakarta.validation.Validator validator;

    private BeanValidation(jakarta.validation.Validator validator) {
        this.validator = validator;
    }

    /** Returns a validation over the default validator factory of the classpath. */
    public static BeanValidation create() {
        ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
        return new BeanValidation(factory.getValidator());
    }

    /** Returns a validation over a configured Jakarta validator. */
    public static BeanValidation of(jakarta.validation.Validator validator) {
        return new BeanValidation(Objects.requireNonNull(validator, "validator"));
    }

    @Override
    public Check prepare(Object instance, Method method, List<Parameter> parameters) {
        if (instance == null || Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        MethodDescriptor descriptor = validator.getConstraintsForClass(instance.getClass())
                .getConstraintsForMethod(method.getName(), method.getParameterTypes());
        if (descriptor == null || !descriptor.hasConstrainedParameters()) {
            return null;
        }
        ExecutableValidator executables = validator.forExecutables();
        return arguments -> errors(executables.validateParameters(instance, method, arguments),
                parameters);
    }

    private static List<BindingError> errors(Set<ConstraintViolation<Object>> violations,
            List<Parameter> parameters) {
        if (violations.isEmpty()) {
            return List.of();
        }
        List<BindingError> errors = new ArrayList<>(violations.size());
        for (ConstraintViolation<Object> violation : violations) {
            errors.add(toError(violation, parameters));
        }
        // The validator's set has no order; a stable one makes responses comparable.
        errors.sort(Comparator.comparing(BindingError::in, Comparator.nullsFirst(
                Comparator.naturalOrder())).thenComparing(BindingError::name)
                .thenComparing(BindingError::detail));
        return errors;
    }

    private static BindingError toError(ConstraintViolation<Object> violation,
            List<Parameter> parameters) {
        Parameter parameter = null;
        StringBuilder property = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                int index = node.as(Path.ParameterNode.class).getParameterIndex();
                parameter = parameters.get(index);
            } else if (parameter != null && node.getName() != null) {
                if (!property.isEmpty()) {
                    property.append('.');
                }
                property.append(node.getName());
                if (node.getIndex() != null) {
                    property.append('[').append(node.getIndex()).append(']');
                }
            }
        }
        String in = parameter == null || parameter.in() == null ? "body" : parameter.in();
        String name = parameter == null ? "body"
                : in.equals("body") ? (property.isEmpty() ? "body" : property.toString())
                : parameter.name();
        return new BindingError(in, name, violation.getMessage());
    }
}
