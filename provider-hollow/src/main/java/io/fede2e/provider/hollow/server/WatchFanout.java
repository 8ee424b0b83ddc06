package io.fede2e.provider.hollow.server;

import io.fabric8.mockwebserver.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivers watch events to their WebSockets from one thread. The store hands events over under its
 * lock, in resourceVersion order; sending from one thread that is never a Vert.x event loop keeps
 * that order on every socket, and no writer ever waits for a slow watcher.
 */
final class WatchFanout implements AutoCloseable {

    /** Where a watch's events go: a WebSocket, or a streaming HTTP response. */
    interface Channel {
        /** Sends one event. */
        void send(String text);

        /** Ends the watch from the server's side. */
        void close();

        /** A WebSocket as a channel, one event per text message. */
        static Channel of(WebSocket ws) {
            return new Channel() {
                @Override
                public void send(String text) {
                    ws.send(text);
                }

                @Override
                public void close() {
                    ws.close(1000, "server closing");
                }
            };
        }
    }

    /** One watch's end of the fan-out: buffers until its channel is open, drops everything once closed. */
    static final class Session {
        private final List<String> pending = new ArrayList<>();
        private Channel socket;
        private boolean closed;
        private Store.Watch watch;

        synchronized void attach(Store.Watch w) {
            this.watch = w;
        }

        synchronized Store.Watch watch() {
            return watch;
        }

        synchronized void open(Channel ws) {
            if (closed) {
                ws.close();
                return;
            }
            socket = ws;
            for (String text : pending) {
                ws.send(text);
            }
            pending.clear();
        }

        synchronized void deliver(String text) {
            if (closed) {
                return;
            }
            if (socket == null) {
                pending.add(text);
            } else {
                socket.send(text);
            }
        }

        /** Marks the session closed; returns whether it was open before. */
        synchronized boolean close() {
            if (closed) {
                return false;
            }
            closed = true;
            pending.clear();
            if (socket != null) {
                socket.close();
            }
            return true;
        }

        synchronized boolean isClosed() {
            return closed;
        }
    }

    private record Delivery(Session session, String text) {
    }

    private static final Delivery STOP = new Delivery(null, null);

    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    WatchFanout() {
        thread = new Thread(this::run, "hollow-watch-fanout");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code text} for {@code session}; returns at once. */
    void send(Session session, String text) {
        queue.add(new Delivery(session, text));
    }

    /** Closes {@code session} once what is queued for it before was delivered; returns at once. */
    void end(Session session) {
        queue.add(new Delivery(session, null));
    }

    private void run() {
        while (true) {
            Delivery d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (d == STOP) {
                return;
            }
            try {
                if (d.text == null) {
                    d.session.close();
                } else {
                    d.session.deliver(d.text);
                }
            } catch (RuntimeException e) {
                d.session.close();
            }
        }
    }

    /** Stops the thread after what is queued was delivered, waiting at most a few seconds. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
