package io.clipstream.cli.publish;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists the files below the given folders and files, recursively and sorted, so that two runs over the same
 * tree see the same order. Symbolic links to files count as files (a dangling one fails later as unreadable);
 * links to folders are not followed, so a cycle cannot trap the walk.
 */
public final class FileScanner {

    private FileScanner() {
    }

    /**
     * @param exclude files never to list (the publisher's own state file)
     * @throws NoSuchFileException when a root does not exist
     */
    public static List<Candidate> scan(List<Path> roots, Set<Path> exclude) throws NoSuchFileException {
        Map<Path, Candidate> found = new LinkedHashMap<>();
        Set<Path> excluded = new HashSet<>();
        exclude.forEach(p -> excluded.add(real(p.toAbsolutePath().normalize())));
        for (Path given : roots) {
            Path root = given.toAbsolutePath().normalize();
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(given.toString(), null, "no such file or folder");
            }
            if (!Files.isDirectory(root)) {
                found.putIfAbsent(root, new Candidate(root, root.getFileName().toString()));
                continue;
            }
            // A folder given through a link is walked from its real path: the walk itself follows no links.
            root = real(root);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !Files.isDirectory(p)).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
            files.sort(Comparator.comparing(Path::toString));
            for (Path file : files) {
                if (!excluded.contains(file)) {
                    String relative = root.relativize(file).toString().replace(File.separatorChar, '/');
                    found.putIfAbsent(file, new Candidate(file, relative));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** The real path of an existing path; one that does not exist yet (a first state file) stays as it is. */
    private static Path real(Path path) {
        if (!Files.exists(path)) {
            return path;
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path, e);
        }
    }
}
