package dev.merino.internal.server;

import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.internal.app.Application;
import dev.merino.internal.websocket.WebSocketSession;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty server behind {@link Server}: event loops, the listening socket, connections. */
public final class HttpServer implements Server {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.server");
    private static final int FLUSH_AFTER =
            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

    private final Application application;
    private final EventLoopGroup group;
    /**
     * Each loop's starter of request threads: threads on that loop when they run on the loops,
     * else threads on the JDK's carriers started at the end of the loop's turn.
     */
    private final Map<EventExecutor, Executor> loopHandlers;
    private final Executor handlers;
    private final ChannelGroup connections;
    private final ServerState state = new ServerState();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Consumer<Server>> stopListeners;
    private Channel listener;
    private InetSocketAddress address;

    private HttpServer(Application application, EventLoopGroup group,
            List<Consumer<Server>> stopListeners) {
        this.application = application;
        this.group = group;
        // A plain start per request: a thread-per-task executor would also track every thread
        // in a concurrent set, at a cost on each request, for a shutdown the drain already does.
        // A request thread inherits nothing from the thread that starts it, which may be the
        // thread of the request before it on the connection; it gets the context class loader
        // of the thread that started the server.
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        ThreadFactory requests = Thread.ofVirtual().name("merino-request-", 0)
                .inheritInheritableThreadLocals(false).factory();
        this.handlers = task -> {
            Thread thread = requests.newThread(task);
            thread.setContextClassLoader(contextLoader);
            thread.start();
        };
        this.loopHandlers = new IdentityHashMap<>();
        if (application.config().virtualThreadsOnEventLoop()) {
            int index = 1;
            for (EventExecutor loop : group) {
                loopHandlers.put(loop, LoopThreads.on((EventLoop) loop,
                        "merino-request-" + index++ + "-", contextLoader));
            }
        } else {
            for (EventExecutor loop : group) {
                if (loop instanceof SingleThreadIoEventLoop ioLoop) {
                    loopHandlers.put(loop, new IterationStarts(ioLoop, handlers));
                }
            }
        }
        this.connections = new DefaultChannelGroup("merino-connections",
                GlobalEventExecutor.INSTANCE);
        this.stopListeners = stopListeners;
    }

    /**
     * Binds and starts serving the application, then calls the start listeners.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HttpServer start(Application application, int port, long startedAtNanos,
            List<Consumer<Server>> startListeners, List<Consumer<Server>> stopListeners) {
        ServerConfig config = application.config();
        boolean epoll = config.nativeTransport() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // Netty reads 0 as two loops per core; ServerConfig documents one per core.
        int loops = config.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors()
                : config.ioThreads();
        if (config.virtualThreadsOnEventLoop()) {
            LoopThreads.checkAvailable();
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, new IoThreadFactory(), io);
        HttpServer server = new HttpServer(application, group, stopListeners);
        server.bind(config, port, epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAtNanos);
        // A wildcard address is no URL anyone can open: name localhost, and say what it means.
        boolean wildcard = server.address.getAddress().isAnyLocalAddress();
        log.info("Merino listening on http://{}:{}{} (started in {} ms, {} transport{})",
                wildcard ? "localhost" : server.address.getHostString(),
                server.address.getPort(), wildcard ? " and every other local address" : "",
                millis, epoll ? "epoll" : "nio", config.virtualThreadsOnEventLoop()
                        ? ", request threads on the event loops" : "");
        try {
            for (Consumer<Server> listener : startListeners) {
                listener.accept(server);
            }
        } catch (RuntimeException | Error e) {
            // The caller gets no Server to stop, so a failed start must not leave one bound.
            server.stop(Duration.ZERO);
            throw e;
        }
        return server;
    }

    private void bind(ServerConfig config, int port, Class<? extends ServerChannel> type) {
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLineSize())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxChunkSize(64 * 1024);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        boolean onLoop = config.virtualThreadsOnEventLoop();
                        HttpConnection connection = new HttpConnection(application,
                                loopHandlers.getOrDefault(channel.eventLoop(), handlers), state);
                        ChannelPipeline pipeline = channel.pipeline();
                        // Responses finished by request threads arrive as separate event-loop
                        // tasks; one flush per loop turn writes them with one syscall. Request
                        // threads on the loop queue their next turns among those tasks.
                        pipeline.addLast("flush", onLoop ? new IterationFlush()
                                : new FlushConsolidationHandler(FLUSH_AFTER, true));
                        pipeline.addLast("observer", new ReadObserver(connection));
                        pipeline.addLast("decoder", new RequestDecoder(decoding));
                        pipeline.addLast("encoder", new HttpResponseEncoder());
                        pipeline.addLast("http", connection);
                    }
                });
        try {
            listener = bootstrap.bind(config.host(), port).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows the checked BindException undeclared: RuntimeException misses it.
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            log.error("Merino cannot listen on {}:{}: {}", config.host(), port, e.toString());
            throw new UncheckedIOException(new IOException("Cannot listen on " + config.host()
                    + ":" + port + ": " + e.getMessage(), e));
        }
        address = (InetSocketAddress) listener.localAddress();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void stop() {
        stop(application.config().shutdownTimeout());
    }

    @Override
    public void stop(Duration drain) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        // From here, every response's head says Connection: close.
        state.markStopping();
        if (Exchange.servesOnCurrentThread() || onOwnEventLoop()) {
            // The drain would wait for the very request that asks for the stop (or, on an event
            // loop, hold the loop it waits for): the stop goes on in a thread of its own, and
            // the request's response goes out, with Connection: close.
            Thread.ofPlatform().name("merino-stop").start(() -> drainAndClose(drain));
            return;
        }
        drainAndClose(drain);
    }

    private boolean onOwnEventLoop() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private void drainAndClose(Duration drain) {
        log.info("Merino stopping: {} open connection(s), draining for up to {} ms",
                connections.size(), drain.toMillis());
        listener.close().syncUninterruptibly();
        int sessions = 0;
        for (Channel channel : connections) {
            HttpConnection connection = channel.pipeline().get(HttpConnection.class);
            if (connection != null) {
                channel.eventLoop().execute(connection::shutdown);
            } else if (WebSocketSession.goingAway(channel)) {
                sessions++;
            }
        }
        if (sessions > 0) {
            log.info("Merino closed {} WebSocket session(s) with 1001 (going away)", sessions);
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int forced = connections.size();
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("Merino stopped{}", forced == 0 ? ""
                : " (" + forced + " connection(s) closed at the drain deadline)");
        for (Consumer<Server> listener : stopListeners) {
            listener.accept(this);
        }
    }

    /** Names event-loop threads {@code merino-io-N}, as Netty's fast thread-local threads. */
    private static final class IoThreadFactory implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new FastThreadLocalThread(task, "merino-io-" + next.getAndIncrement());
            thread.setDaemon(false);
            return thread;
        }
    }
}
