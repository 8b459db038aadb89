package io.clipstream.cli.publish;

import java.nio.file.Path;

/**
 * A file to consider, with the root it was found under.
 *
 * @param relativePath '/'-separated path below the root folder, or the file name when the root is the file
 */
public record Candidate(Path file, String relativePath) {
}
