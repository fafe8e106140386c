package dev.merino;

/** Entry point: {@code Merino.app()} creates an application to declare routes on and start. */
public final class Merino {
    private Merino() {
    }

    /** Returns a new application with the default {@link ServerConfig}. */
    public static App app() {
        return new App(ServerConfig.defaults());
    }

    /** Returns a new application with the given server settings. */
    public static App app(ServerConfig config) {
        return new App(config);
    }
}
