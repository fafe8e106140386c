package dev.merino.interop;

import dev.merino.Server;
import dev.merino.examples.chat.ChatApp;
import java.time.Duration;

/**
 * Starts the chat example on 127.0.0.1 for the browser test ({@code node/chat-browser.mjs}).
 *
 * <p>Usage: {@code ChatServer PORT}, where 0 picks a free port. Prints {@code PORT n} on standard
 * output once it listens, and stops on SIGTERM.
 */
public final class ChatServer {

    private ChatServer() {
    }

    /** Starts the chat example on the port in {@code args[0]} and runs until stopped. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Server server = ChatApp.create(InteropApp.config()).start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ofSeconds(2)),
                "chat-stop"));
        System.out.println("PORT " + server.port());
        System.out.flush();
    }
}
