package dev.merino.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a controller method the handler of a WebSocket route. The method takes a
 * {@link dev.merino.websocket.WebSocketUpgrade} parameter besides its bound ones and runs like a
 * {@link dev.merino.websocket.WebSocketHandler}; binding errors are answered with 400 before the
 * handshake.
 *
 * <p>The path is joined to the controller's prefix like a route in a group: {@code ""} for the
 * prefix itself, or a template starting with {@code /}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebSocketRoute {

    /** Returns the path template under the controller's prefix. */
    String value() default "";
}
