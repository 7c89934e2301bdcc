package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real server that can stop passing the server's bytes part-way through, keeping the
 * connection open (a network that stalls in the middle of whatever the server is sending) or closing it (one that
 * cuts it), which neither a server restart nor a paused server can place reliably inside one event.
 */
final class StallingProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    /** What each connection opened from now on may pass from the server before it stalls; negative for no limit. */
    private volatile long newConnectionBudget = -1;
    /** Whether a connection whose budget is spent is closed rather than held open. */
    private volatile boolean cut;

    StallingProxy(String host, int port) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "stalling-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * The connections open now pass at most this many more bytes from the server, then nothing, without closing;
     * connections opened later pass everything.
     */
    void stallAfter(long bytes) {
        relays.forEach(r -> r.stallAfter(bytes));
    }

    /** Every connection, open now or opened later, passes at most this many bytes from the server from now on. */
    void stallEveryConnectionAfter(long bytes) {
        newConnectionBudget = bytes;
        stallAfter(bytes);
    }

    /** As {@link #stallEveryConnectionAfter}, but each connection is closed once its bytes are spent. */
    void cutEveryConnectionAfter(long bytes) {
        cut = true;
        stallEveryConnectionAfter(bytes);
    }

    /** How many connections stalled with bytes held back. */
    long stalled() {
        return relays.stream().filter(Relay::holdingBack).count();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
            } catch (IOException e) {
                closeQuietly(server);
                closeQuietly(client); // the server is away: the client sees its connection closed, as without the relay
                continue;
            }
            Relay relay = new Relay(client, server);
            relay.stallAfter(newConnectionBudget);
            relays.add(relay);
            relay.start();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        relays.forEach(Relay::close);
    }

    /** One client connection and its connection to the server, with a thread per direction. */
    private final class Relay {
        private final Socket client;
        private final Socket server;
        /** Bytes from the server still to pass; negative for no limit. */
        private long budget = -1;
        private boolean holdingBack;

        Relay(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(client, server, false), "stalling-proxy-up");
            Thread down = new Thread(() -> pump(server, client, true), "stalling-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        synchronized void stallAfter(long bytes) {
            budget = bytes;
        }

        synchronized boolean holdingBack() {
            return holdingBack;
        }

        /** How many of {@code read} bytes from the server may pass now. */
        private synchronized int allowed(int read) {
            if (budget < 0) {
                return read;
            }
            int now = (int) Math.min(read, budget);
            budget -= now;
            holdingBack = now < read;
            return now;
        }

        private void pump(Socket from, Socket to, boolean fromServer) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    int now = fromServer ? allowed(read) : read;
                    out.write(buffer, 0, now);
                    out.flush();
                    if (now < read) {
                        if (cut) {
                            return; // closes both sides
                        }
                        // Stalled: hold the connection open, passing nothing more, until the client gives up.
                        while (!to.isClosed() && !from.isClosed()) {
                            Thread.sleep(50);
                        }
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close the other
            } finally {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
