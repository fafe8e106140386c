package dev.merino.internal.inject;

/**
 * What a service is looked up by: its type and its {@code @Named} qualifier.
 *
 * @param type the type
 * @param name the qualifier, or {@code null}
 */
public record Key(Class<?> type, String name) {

    /** Returns the key as {@code UserRepo} or {@code @Named("main") DataSource}. */
    @Override
    public String toString() {
        return name == null ? type.getSimpleName()
                : "@Named(\"" + name + "\") " + type.getSimpleName();
    }
}
