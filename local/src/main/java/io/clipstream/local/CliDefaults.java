package io.clipstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The running local system's addresses and admin key as shell variables ({@code <data>/cli.env}), which
 * {@code ./clipstream} reads so that {@code ./clipstream search|trainer|model ...} reach this process without
 * flags. Readable by the owner only: it holds the admin key. Removed when the system stops.
 */
final class CliDefaults implements AutoCloseable {

    private final Path file;

    private CliDefaults(Path file) {
        this.file = file;
    }

    static CliDefaults write(Path file, Map<String, String> variables) {
        String body = "# written by ./clipstream local while it runs; ./clipstream reads it for its defaults\n"
                + variables.entrySet().stream()
                        .map(e -> "[ -n \"${" + e.getKey() + ":-}\" ] || export " + e.getKey() + "="
                                + singleQuoted(e.getValue()))
                        .collect(Collectors.joining("\n", "", "\n"));
        try {
            Path temp = Files.createTempFile(file.getParent(), "cli", ".env",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, body);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new CliDefaults(file);
    }

    /** A shell word that stays data whatever the value holds (the admin key is the user's choice). */
    static String singleQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
