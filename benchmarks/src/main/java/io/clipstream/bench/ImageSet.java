package io.clipstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One of the benchmark's image sets: {@code count} photo-like JPEGs of one size in {@code bench-out/images-<name>/},
 * generated once (deterministic seeds) and kept between runs. The folder holds exactly the set, because the Python
 * baselines read whole folders.
 */
record ImageSet(String name, int width, int height, int count, Path folder) {

    static final float QUALITY = 0.9f;
    private static final long SEED = 42_000L;

    /** {@code 640x480}, {@code 12mp} (4000×3000) or any {@code WxH}. */
    static ImageSet parse(String spec, int count, Path out) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int w;
        int h;
        if (s.equals("12mp")) {
            w = 4000;
            h = 3000;
        } else {
            String[] wh = s.split("x");
            if (wh.length != 2) {
                throw new IllegalArgumentException("image set must be WxH or 12mp, got " + spec);
            }
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        }
        return new ImageSet(s, w, h, count, out.resolve("images-" + s));
    }

    /** "640×480" or "4000×3000 (12 MP)". */
    String label() {
        return width + "×" + height + (name.equals("12mp") ? " (12 MP)" : "");
    }

    /** Generates what is missing (in parallel), removes what is not part of the set, returns the files in order. */
    List<Path> prepare() throws Exception {
        Files.createDirectories(folder);
        String stamp = PhotoScene.VERSION + " " + width + "x" + height + " seed " + SEED + " quality " + QUALITY
                + " 4:2:0\n";
        Path stampFile = folder.resolve("GENERATED");
        boolean fresh = !Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp);
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(folder.resolve(String.format(Locale.ROOT, "img-%05d.jpg", i)));
        }
        try (Stream<Path> existing = Files.list(folder)) {
            for (Path f : existing.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".tmp"))
                    .toList()) {
                if (fresh || !files.contains(f)) {
                    Files.delete(f);
                }
            }
        }
        Files.writeString(stampFile, stamp);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path file = files.get(i);
                long seed = SEED + i;
                if (!Files.exists(file)) {
                    tasks.add(pool.submit(() -> write(file, seed)));
                }
            }
            if (!tasks.isEmpty()) {
                System.err.printf(Locale.ROOT, "[bench] generating %d %s JPEGs in %s%n", tasks.size(), label(),
                        folder);
            }
            for (Future<?> t : tasks) {
                t.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return files;
    }

    private Void write(Path file, long seed) {
        byte[] jpeg = JpegFiles.write420(PhotoScene.render(width, height, seed), QUALITY);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, jpeg);
            Files.move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
