package io.clipstream.cli.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a downloaded file must hash to, and where that expectation comes from.
 *
 * @param algorithm {@code sha256} of the content, or {@code git-blob-sha1} (SHA-1 of "blob SIZE\0" + content)
 * @param source "catalogue pin", "hub LFS oid" or "hub git oid", for the messages
 */
public record Checksum(String algorithm, String hex, long size, String source) {

    public static final String SHA256 = "sha256";
    public static final String GIT_BLOB_SHA1 = "git-blob-sha1";

    /** The catalogue's pin when it has one, else the hub's LFS SHA-256, else its git blob id. */
    public static Checksum expected(HubFile file, String pinnedSha256) {
        if (pinnedSha256 != null) {
            return new Checksum(SHA256, pinnedSha256, file.size(), "catalogue pin");
        }
        if (file.lfsSha256() != null) {
            return new Checksum(SHA256, file.lfsSha256(), file.size(), "hub LFS oid");
        }
        if (file.gitOid() == null || !file.gitOid().matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("the hub lists no checksum for " + file.path());
        }
        return new Checksum(GIT_BLOB_SHA1, file.gitOid(), file.size(), "hub git oid");
    }

    /** The same algorithm over {@code file}. */
    public String actual(Path file) throws IOException {
        MessageDigest digest = digest(algorithm.equals(SHA256) ? "SHA-256" : "SHA-1");
        if (algorithm.equals(GIT_BLOB_SHA1)) {
            digest.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public boolean matches(Path file) throws IOException {
        return Files.size(file) == size && actual(file).equalsIgnoreCase(hex);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + name, e);
        }
    }
}
