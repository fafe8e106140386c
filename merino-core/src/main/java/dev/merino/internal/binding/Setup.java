package dev.merino.internal.binding;

import dev.merino.binding.UploadLimits;
import dev.merino.binding.Validator;
import dev.merino.internal.inject.Container;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;

/**
 * What binding plans are built with at start: the services, the converters, the source of the
 * JSON mapper (asked only by plans that read a JSON body), the validator (or null), the upload
 * limits and the controller instances made so far. Used on the starting thread only.
 */
public final class Setup {
    final Container container;
    final Converters converters;
    final Supplier<ObjectMapper> json;
    final Validator validator;
    final UploadLimits uploads;
    private final Map<Class<?>, Object> controllers = new HashMap<>();

    /** Creates the setup for one start. */
    public Setup(Container container, Converters converters, Supplier<ObjectMapper> json,
            Validator validator, UploadLimits uploads) {
        this.container = container;
        this.converters = converters;
        this.json = json;
        this.validator = validator;
        this.uploads = uploads;
    }

    /** Returns the one instance of a controller class, built on first use. */
    Object controller(Class<?> type) {
        Object instance = controllers.get(type);
        if (instance == null) {
            try {
                instance = container.construct(type);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Controller " + type.getSimpleName()
                        + " cannot be built: " + e.getMessage(), e);
            }
            controllers.put(type, instance);
        }
        return instance;
    }
}
