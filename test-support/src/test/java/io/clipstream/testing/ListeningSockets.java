package io.clipstream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP listeners of a process, read from Linux's {@code /proc}: the socket inodes among its open files, matched
 * against the LISTEN entries of {@code /proc/net/tcp} and {@code tcp6}.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    /** A listening socket: its local address as the kernel prints it, decoded, and its port. */
    record Listener(String address, int port) {
        boolean loopbackOnly() {
            return address.equals("127.0.0.1") || address.equals("::1");
        }
    }

    private ListeningSockets() {
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    static List<Listener> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed between the listing and the read is not a listener.
                }
            }
        }
        Map<String, Listener> byInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN)) {
                    String[] local = f[1].split(":");
                    byInode.put(f[9], new Listener(decode(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return inodes.stream().filter(byInode::containsKey).map(byInode::get).distinct().toList();
    }

    /** /proc prints addresses as hex words in host (little-endian) order. */
    private static String decode(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
        }
        if (hex.equals("00000000000000000000000000000000")) {
            return "::";
        }
        if (hex.equals("00000000000000000000000001000000")) {
            return "::1";
        }
        if (hex.startsWith("0000000000000000FFFF0000")) {
            return "::ffff:" + decode(hex.substring(24));
        }
        return hex;
    }
}
