package io.clipstream.bench;

import io.clipstream.bench.SampleCategory.Classified;
import io.clipstream.bench.SampleCategory.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The encode stage's flight recording summarised over the timed window: CPU samples by {@link SampleCategory},
 * GC pauses, allocation by allocating frame, and the JVM's share of the machine.
 *
 * <p>Three kinds of samples, counted apart because they see different things: {@code jdk.ExecutionSample}
 * (threads running Java code), {@code jdk.CPUTimeSample} (JDK 25+, threads on CPU by their CPU-time clock,
 * Java and JNI code alike: the fairest of the three, where present) and {@code jdk.NativeMethodSample} (threads
 * inside a JNI call, such as libjpeg or an ONNX Runtime session, one thread per period at most; those waiting
 * in epoll or a socket read are left out). ONNX Runtime's own pool threads are no JVM threads and appear in
 * none of them: {@link ThreadCpu} accounts for them.
 */
final class JfrProfile {

    static final String EXECUTION = "jdk.ExecutionSample";
    static final String CPU_TIME = "jdk.CPUTimeSample";
    static final String NATIVE = "jdk.NativeMethodSample";
    private static final List<String> SAMPLES = List.of(EXECUTION, CPU_TIME, NATIVE);
    private static final Pattern IDLE_NATIVE = Pattern.compile(
            "(?i).*(wait|poll|accept|park|sleep|select|read0|socketRead|await).*");

    /** The JVM option that records what this summary reads. */
    static String jvmOption(Path file) {
        String cpuTime = Runtime.version().feature() >= 25
                ? ",jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=10ms" : "";
        return "-XX:StartFlightRecording=name=bench,settings=profile,dumponexit=true,filename=" + file
                + ",jdk.ExecutionSample#period=10ms,jdk.NativeMethodSample#period=10ms" + cpuTime;
    }

    private final Map<String, Map<SampleCategory, Integer>> counts = new HashMap<>();
    private final Map<String, Integer> totals = new HashMap<>();
    private final Map<SampleCategory, Map<String, Integer>> frames = new EnumMap<>(SampleCategory.class);
    private final Map<String, Long> allocated = new HashMap<>();
    private long allocatedTotal;
    private int collections;
    private Duration pauses = Duration.ZERO;
    private Duration longestPause = Duration.ZERO;
    private double jvmCpu;
    private double machineCpu;
    private int cpuLoads;

    private JfrProfile() {
    }

    /** Reads {@code file}, keeping events that started within [{@code from}, {@code to}]. */
    static Map<String, Object> summarise(Path file, Instant from, Instant to) throws IOException {
        JfrProfile p = new JfrProfile();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                Instant t = e.getStartTime();
                if (!t.isBefore(from) && !t.isAfter(to)) {
                    p.add(e);
                }
            }
        }
        return p.result(Duration.between(from, to));
    }

    private void add(RecordedEvent e) {
        String type = e.getEventType().getName();
        switch (type) {
            case EXECUTION, CPU_TIME, NATIVE -> sample(type, e.getStackTrace());
            case "jdk.ObjectAllocationSample" -> allocation(e);
            case "jdk.GarbageCollection" -> {
                collections++;
                pauses = pauses.plus(e.getDuration("sumOfPauses"));
                Duration longest = e.getDuration("longestPause");
                longestPause = longest.compareTo(longestPause) > 0 ? longest : longestPause;
            }
            case "jdk.CPULoad" -> {
                jvmCpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                machineCpu += e.getFloat("machineTotal");
                cpuLoads++;
            }
            default -> {
            }
        }
    }

    private void sample(String type, RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        List<Frame> topFirst = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame f : stack.getFrames()) {
            topFirst.add(new Frame(f.getMethod().getType().getName(), f.getMethod().getName()));
        }
        if (type.equals(NATIVE) && IDLE_NATIVE.matcher(topFirst.getFirst().method()).matches()) {
            return;
        }
        Classified c = SampleCategory.classify(topFirst);
        counts.computeIfAbsent(type, k -> new EnumMap<>(SampleCategory.class)).merge(c.category(), 1, Integer::sum);
        totals.merge(type, 1, Integer::sum);
        if (type.equals(primary())) {
            frames.computeIfAbsent(c.category(), k -> new HashMap<>()).merge(c.frame().label(), 1, Integer::sum);
        }
    }

    /** Top frames come from CPU-time samples when the JVM records them (JDK 25+), else from execution samples. */
    private String primary() {
        return Runtime.version().feature() >= 25 ? CPU_TIME : EXECUTION;
    }

    private void allocation(RecordedEvent e) {
        long weight = e.getLong("weight");
        allocatedTotal += weight;
        RecordedStackTrace stack = e.getStackTrace();
        String where = "?";
        if (stack != null) {
            for (RecordedFrame f : stack.getFrames()) {
                String c = f.getMethod().getType().getName();
                // The JDK's copyOf and friends allocate for someone: name that someone.
                if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                    where = new Frame(c, f.getMethod().getName()).label();
                    break;
                }
            }
        }
        String objectClass = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
        allocated.merge(where + " (" + objectClass + ")", weight, Long::sum);
    }

    private Map<String, Object> result(Duration window) {
        double seconds = window.toNanos() / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("window_s", Rounding.round(seconds));
        Map<String, Object> sampleTotals = new LinkedHashMap<>();
        for (String type : SAMPLES) {
            sampleTotals.put(type, totals.getOrDefault(type, 0));
        }
        r.put("samples", sampleTotals);
        List<Map<String, Object>> categories = new ArrayList<>();
        for (SampleCategory c : SampleCategory.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("category", c.label);
            for (String type : SAMPLES) {
                int total = totals.getOrDefault(type, 0);
                int n = counts.getOrDefault(type, Map.of()).getOrDefault(c, 0);
                row.put(type, total == 0 ? null : Rounding.round(100.0 * n / total));
            }
            row.put("top_frames", top(frames.getOrDefault(c, Map.of()), 3));
            categories.add(row);
        }
        r.put("categories_percent", categories);
        r.put("top_frames_from", totals.containsKey(primary()) ? primary() : EXECUTION);
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("collections", collections);
        gc.put("pause_ms", Rounding.round(pauses.toNanos() / 1e6));
        gc.put("longest_pause_ms", Rounding.round(longestPause.toNanos() / 1e6));
        gc.put("pause_share_of_window", Rounding.significant(pauses.toNanos() / 1e9 / seconds));
        r.put("gc", gc);
        Map<String, Object> alloc = new LinkedHashMap<>();
        alloc.put("sampled_mib_per_s", Rounding.round(allocatedTotal / 1048576.0 / seconds));
        List<Map<String, Object>> topAlloc = new ArrayList<>();
        allocated.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("frame", e.getKey());
                    a.put("mib_per_s", Rounding.round(e.getValue() / 1048576.0 / seconds));
                    a.put("share", Rounding.round((double) e.getValue() / Math.max(1, allocatedTotal)));
                    topAlloc.add(a);
                });
        alloc.put("top", topAlloc);
        r.put("allocation", alloc);
        if (cpuLoads > 0) {
            r.put("jvm_cpu_share_of_machine", Rounding.round(jvmCpu / cpuLoads));
            r.put("machine_cpu_busy", Rounding.round(machineCpu / cpuLoads));
        }
        return r;
    }

    private static List<String> top(Map<String, Integer> frames, int n) {
        int total = frames.values().stream().mapToInt(Integer::intValue).sum();
        return frames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                .toList();
    }
}
