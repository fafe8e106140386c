package dev.merino.inject;

/**
 * Builds a service instance in code, for services a constructor cannot describe.
 *
 * @apiNote The container cannot see what a factory looks up, so the dependencies of a factory
 *     are checked when it runs, not at start.
 * @param <T> the type it builds
 */
@FunctionalInterface
public interface Factory<T> {

    /** Builds an instance; called once per singleton, per scope or per use, per lifetime. */
    T create(Resolver services) throws Exception;
}
