package dev.merino.internal.binding;

import dev.merino.http.Parameters;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Binds an urlencoded form body into a record: one {@link ValueBinder} per component, then the
 * canonical constructor. A wrong {@code Content-Type} ends the request with 415.
 */
final class FormBinder implements ParameterBinder {
    private final ValueBinder[] fields;
    private final MethodHandle constructor;

    /**
     * Creates the binder.
     *
     * @param constructor the canonical constructor, spread to take {@code Object[]} and
     *     return {@code Object}
     */
    FormBinder(ValueBinder[] fields, MethodHandle constructor) {
        this.fields = fields;
        this.constructor = constructor;
    }

    @Override
    public Object bind(BindContext context) throws Exception {
        Parameters form = context.request.form();
        List<?> before = context.errors();
        int errorsBefore = before == null ? 0 : before.size();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = fields[i].bindForm(form, context);
        }
        List<?> after = context.errors();
        if (after != null && after.size() > errorsBefore) {
            return null;
        }
        return Invoker.invoke(constructor, values);
    }
}
