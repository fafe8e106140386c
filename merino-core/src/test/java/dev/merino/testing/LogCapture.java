package dev.merino.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A logback appender that keeps every event of the test run, for tests to inspect. */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
    private static final List<ILoggingEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        EVENTS.add(event);
    }

    /** Returns every event captured so far. */
    public static List<ILoggingEvent> events() {
        return List.copyOf(EVENTS);
    }

    /** Returns the events at ERROR level whose logger name starts with the prefix. */
    public static List<ILoggingEvent> errors(String loggerPrefix) {
        return EVENTS.stream()
                .filter(e -> e.getLevel() == Level.ERROR)
                .filter(e -> e.getLoggerName().startsWith(loggerPrefix))
                .toList();
    }

    /** Returns the formatted message of an event followed by its stack trace, if any. */
    public static String render(ILoggingEvent event) {
        String trace = event.getThrowableProxy() == null ? ""
                : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
        return event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                + trace;
    }

    /** Returns every captured event rendered, one after the other. */
    public static String renderAll() {
        return EVENTS.stream().map(LogCapture::render).collect(Collectors.joining("\n"));
    }
}
