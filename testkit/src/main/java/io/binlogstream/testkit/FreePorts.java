package io.binlogstream.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks TCP ports that are free on 127.0.0.1 right now.
 *
 * <p>Why not just {@code new ServerSocket(0)}: the kernel hands out such ports from the ephemeral
 * range (32768-60999 on Linux), the same range every outgoing connection takes its local port from,
 * so on a busy machine the port can be taken between our check and the server's bind. Ports here
 * come from a range below it, at random (other JVMs on this machine pick concurrently), are checked
 * by binding, and are never handed out twice by this JVM. A small race with other processes remains;
 * servers that fail with "address in use" retry with new ports.
 */
public final class FreePorts {

    private static final int LOW = 15000;
    private static final int HIGH = 32000; // exclusive; below the Linux ephemeral range
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** One free port. */
    public static int pick() {
        return pick(1)[0];
    }

    /** {@code n} distinct free ports. */
    public static synchronized int[] pick(int n) {
        int[] ports = new int[n];
        int found = 0;
        for (int attempt = 0; found < n && attempt < 2000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                ports[found++] = port;
            }
        }
        if (found < n) {
            throw new IllegalStateException("no free TCP port found in " + LOW + "-" + (HIGH - 1));
        }
        return ports;
    }

    /** Whether a server could bind {@code port} on 127.0.0.1 and on the wildcard address now. */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            // Without SO_REUSEADDR a port in TIME_WAIT is reported busy; servers set it, so we do too.
            s.setReuseAddress(true);
            s.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
