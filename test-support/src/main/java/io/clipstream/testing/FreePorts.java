package io.clipstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on the loopback interface, found by letting the OS pick (bind to port 0).
 * <p>
 * A port is only known to be free when it is picked; something else may take it before the child process binds it.
 * Picking late and binding at once keeps that window small enough for tests.
 */
public final class FreePorts {

    /** The servers bind 127.0.0.1 explicitly, so probe that address rather than whatever "localhost" resolves to. */
    private static final InetAddress LOOPBACK_V4 = loopbackV4();

    private FreePorts() {
    }

    /** One free loopback port. */
    public static int pick() {
        return pick(1).get(0);
    }

    /**
     * {@code count} distinct free loopback ports: all sockets stay bound until every port is picked, so the OS cannot
     * hand out the same port twice.
     */
    public static List<Integer> pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, LOOPBACK_V4);
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        } finally {
            closeAll(sockets);
        }
    }

    /** True if nothing listens on {@code port} on the loopback interface (a bind succeeds). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, LOOPBACK_V4)) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void closeAll(List<ServerSocket> sockets) {
        UncheckedIOException failure = null;
        for (ServerSocket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = new UncheckedIOException("cannot release a picked port", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
