package dev.merino.internal.binding;

import dev.merino.binding.UploadLimits;
import dev.merino.binding.UploadedFile;
import dev.merino.http.MediaType;
import dev.merino.http.Parameters;
import dev.merino.http.Request;
import dev.merino.http.UnsupportedMediaType;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds an urlencoded or multipart form body into a record: a binder per component, then the
 * canonical constructor. Another {@code Content-Type} ends the request with 415.
 */
final class FormBinder implements ParameterBinder {
    private final FieldBinder[] fields;
    private final MethodHandle constructor;
    private final UploadLimits limits;

    /** Binds one record component from the decoded form, or returns a failure. */
    interface FieldBinder {
        Object bind(Parameters fields, Map<String, List<UploadedFile>> files);
    }

    /** Returns a binder of a text field. */
    static FieldBinder field(ValueBinder binder) {
        return (fields, files) -> binder.bindForm(fields);
    }

    /** Returns a binder of an uploaded file: one, an optional one, or a list. */
    static FieldBinder file(String name, ValueBinder.Shape shape) {
        return (fields, files) -> {
            List<UploadedFile> uploaded = files.getOrDefault(name, List.of());
            return switch (shape) {
                case LIST -> List.copyOf(uploaded);
                case OPTIONAL -> uploaded.isEmpty() ? Optional.empty()
                        : Optional.of(uploaded.get(0));
                default -> {
                    if (uploaded.isEmpty()) {
                        yield BindingFailure.of("body", name, "Required: a file.");
                    }
                    yield uploaded.get(0);
                }
            };
        };
    }

    /**
     * Creates the binder.
     *
     * @param constructor the canonical constructor, spread to take {@code Object[]} and
     *     return {@code Object}
     */
    FormBinder(FieldBinder[] fields, MethodHandle constructor, UploadLimits limits) {
        this.fields = fields;
        this.constructor = constructor;
        this.limits = limits;
    }

    @Override
    public Object bind(Request request, BindContext context) throws Exception {
        Optional<MediaType> type = request.contentType();
        Parameters form;
        Map<String, List<UploadedFile>> files = Map.of();
        if (type.isPresent() && type.get().matches(MediaType.MULTIPART_FORM_DATA)) {
            MultipartReader.Form multipart = MultipartReader.read(request, limits, context);
            form = multipart.fields();
            files = multipart.files();
        } else if (type.isPresent() && type.get().matches(MediaType.FORM_URLENCODED)) {
            form = request.form();
        } else {
            throw new UnsupportedMediaType("Expected a form body "
                    + "(application/x-www-form-urlencoded or multipart/form-data).");
        }
        Object[] values = new Object[fields.length];
        boolean failed = false;
        for (int i = 0; i < fields.length; i++) {
            values[i] = fields[i].bind(form, files);
            failed |= values[i] instanceof BindingFailure;
        }
        if (failed) {
            return BindingFailure.of(BindingFailure.collect(values));
        }
        return Invoker.invoke(constructor, values);
    }

    /** Uses the context to delete the parts of a multipart body when the invocation ends. */
    @Override
    public boolean usesContext() {
        return true;
    }
}
