package io.clipstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every thread of a process from {@code /proc/<pid>/task}, the one view that also sees threads JFR
 * does not sample: ONNX Runtime's own intra-op pool (native threads, unnamed, so they show as "java"), GC and
 * JIT threads. Two snapshots bracket a timed window.
 */
final class ThreadCpu {

    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<Long, String> names;
    private final Map<Long, Long> ticks;

    private ThreadCpu(Map<Long, String> names, Map<Long, Long> ticks) {
        this.names = names;
        this.ticks = ticks;
    }

    static ThreadCpu snapshot(long pid) {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long tid = Long.parseLong(task.getFileName().toString());
                    // After "pid (comm) ": state is field 3 of stat, utime 14, stime 15.
                    ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    names.put(tid, Files.readString(task.resolve("comm")).strip());
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it has nothing left to count.
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of(), Map.of());
        }
        return new ThreadCpu(names, ticks);
    }

    /** CPU seconds per thread group between {@code before} and this snapshot, largest first, with the shares. */
    Map<String, Object> since(ThreadCpu before, double windowSeconds) {
        Map<String, Double> seconds = new HashMap<>();
        double total = 0;
        for (Map.Entry<Long, Long> e : ticks.entrySet()) {
            double s = (e.getValue() - before.ticks.getOrDefault(e.getKey(), 0L)) / TICKS_PER_SECOND;
            if (s > 0) {
                seconds.merge(group(names.get(e.getKey())), s, Double::sum);
                total += s;
            }
        }
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(seconds.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("window_s", Rounding.round(windowSeconds));
        r.put("cpu_s", Rounding.round(total));
        r.put("cores_busy", Rounding.round(total / windowSeconds));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Map.Entry<String, Double> e : sorted) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("threads", e.getKey());
            g.put("cpu_s", Rounding.round(e.getValue()));
            g.put("share", Rounding.round(e.getValue() / total));
            groups.add(g);
        }
        r.put("groups", groups);
        return r;
    }

    /** Thread names as the kernel has them (15 characters at most). */
    static String group(String comm) {
        if (comm == null) {
            return "other";
        }
        if (comm.startsWith("decode-")) {
            return "decode-N (decode, preprocess, thumbnail)";
        }
        if (comm.endsWith("-batcher") || comm.contains("batcher")) {
            return "*-batcher (calls ONNX Runtime)";
        }
        if (comm.equals("java")) {
            return "unnamed native (ONNX Runtime intra-op pool)";
        }
        if (comm.startsWith("fetch-")) {
            return "fetch-N (file reads)";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC ")) {
            return "GC";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "JIT compiler";
        }
        if (comm.startsWith("kafka-")) {
            return "kafka-* (Kafka client I/O)";
        }
        if (comm.startsWith("vert.x-") || comm.startsWith("executor-thread") || comm.startsWith("smallrye")) {
            return "vert.x / executor-thread (SmallRye channels)";
        }
        return "other JVM threads";
    }
}
