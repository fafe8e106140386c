package dev.merino.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain-socket HTTP/1.1 client for tests that must send exactly the bytes they mean (malformed
 * or pipelined requests) and see exactly what the server answers, including whether it closes.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A response as read off the wire. */
    public record RawResponse(String version, int status, String reason,
            Map<String, List<String>> headers, byte[] body) {

        /** Returns the first value of a header (case-insensitive), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        /** Returns the body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Connects to the port on loopback with a read timeout of 5 seconds. */
    public RawClient(int port) {
        this(port, 5000);
    }

    /** Connects to the port on loopback with the given read timeout in milliseconds. */
    public RawClient(int port, int timeoutMillis) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text as ISO-8859-1 bytes, exactly as given (write CRLFs yourself). */
    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends bytes exactly as given. */
    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response; for HEAD requests use {@link #readResponse(boolean)}. */
    public RawResponse readResponse() {
        return readResponse(false);
    }

    /**
     * Reads one response: status line, headers, and a body framed by Content-Length, chunked
     * coding, or the connection closing.
     *
     * @param headOnly whether the response answers a HEAD request and so has no body
     */
    public RawResponse readResponse(boolean headOnly) {
        RawResponse head = readHead();
        int status = head.status();
        if (headOnly || status < 200 || status == 204 || status == 304) {
            return head;
        }
        try {
            return new RawResponse(head.version(), status, head.reason(), head.headers(),
                    readBody(head.headers()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a response's status line and headers only, leaving its body on the wire for
     * {@link #readChunk()} or {@link #input()}; the returned body is empty.
     */
    public RawResponse readHead() {
        try {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new IOException("The connection closed before a response arrived.");
            }
            String[] parts = statusLine.split(" ", 3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line; !(line = readLine()).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
            return new RawResponse(parts[0], Integer.parseInt(parts[1]),
                    parts.length > 2 ? parts[2] : "", headers, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one chunk of a chunked body exactly as framed on the wire; returns an empty array
     * for the last chunk, after reading the trailers and the final empty line.
     */
    public byte[] readChunk() {
        try {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new IOException("The connection closed inside a chunked body.");
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return new byte[0];
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size || !readLine().isEmpty()) {
                throw new IOException("A chunk of " + size + " bytes is not followed by CRLF.");
            }
            return chunk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads everything the server sends until it closes the connection. */
    public byte[] readToEnd() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns whether no bytes arrived after waiting the given time; reads nothing, so a
     * response that did arrive can still be read.
     */
    public boolean receivedNothingWithin(int millis) {
        try {
            Thread.sleep(millis);
            return in.available() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] readBody(Map<String, List<String>> headers) throws IOException {
        List<String> length = headers.get("content-length");
        List<String> coding = headers.get("transfer-encoding");
        if (coding != null && coding.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] chunk; (chunk = readChunk()).length > 0; ) {
                body.write(chunk);
            }
            return body.toByteArray();
        }
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length.get(0)));
        }
        return in.readAllBytes();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
                        : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns whether the server closed the connection: a read sees end of stream (or a reset)
     * within the timeout. Returns false if bytes arrive or the read times out.
     */
    public boolean isClosedByServer() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Returns the buffered input, for tests that read a large body at their own pace. */
    public InputStream input() {
        return in;
    }

    /** Returns the raw socket, for tests that need to half-close or set options. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a test socket.
        }
    }
}
