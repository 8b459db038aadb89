package io.clipstream.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown of {@link JfrProfile}'s summary of the encode stage: samples by category, threads, GC, allocation. */
final class ProfileReport {

    private ProfileReport() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(String setLabel, Map<String, Object> p) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> samples = (Map<String, Object>) p.get("samples");
        md.append(String.format(Locale.ROOT, "#### Encode stage profile, %s (JFR `settings=profile`, %s s window; "
                        + "samples: %s Java, %s CPU-time, %s in native)%n%n", setLabel, p.get("window_s"),
                samples.get(JfrProfile.EXECUTION), samples.get(JfrProfile.CPU_TIME), samples.get(JfrProfile.NATIVE)));
        md.append("| category | Java samples % | CPU-time samples % | in-native samples % | top frames ("
                + p.get("top_frames_from") + ") |\n|---|---:|---:|---:|---|\n");
        for (Map<String, Object> c : (List<Map<String, Object>>) p.get("categories_percent")) {
            md.append("| ").append(c.get("category")).append(" | ").append(pct(c.get(JfrProfile.EXECUTION)))
                    .append(" | ").append(pct(c.get(JfrProfile.CPU_TIME))).append(" | ")
                    .append(pct(c.get(JfrProfile.NATIVE))).append(" | ")
                    .append(String.join(", ", (List<String>) c.get("top_frames"))).append(" |\n");
        }
        Map<String, Object> gc = (Map<String, Object>) p.get("gc");
        md.append(String.format(Locale.ROOT, "| GC (jdk.GarbageCollection) | | | | %s collections, %s ms paused "
                        + "(%.1f %% of the window), longest %s ms |%n%n", gc.get("collections"), gc.get("pause_ms"),
                100 * ((Number) gc.get("pause_share_of_window")).doubleValue(), gc.get("longest_pause_ms")));
        if (p.get("jvm_cpu_share_of_machine") != null) {
            md.append(String.format(Locale.ROOT, "The indexer JVM used %.0f %% of the machine's CPU on average, the "
                            + "whole machine was %.0f %% busy (jdk.CPULoad).%n%n",
                    100 * ((Number) p.get("jvm_cpu_share_of_machine")).doubleValue(),
                    100 * ((Number) p.get("machine_cpu_busy")).doubleValue()));
        }
        Map<String, Object> threads = (Map<String, Object>) p.get("threads_cpu");
        md.append(String.format(Locale.ROOT, "CPU by thread (/proc/<pid>/task): %s CPU s in %s s, %s cores busy%n%n",
                threads.get("cpu_s"), threads.get("window_s"), threads.get("cores_busy")));
        md.append("| threads | CPU s | share |\n|---|---:|---:|\n");
        for (Map<String, Object> g : (List<Map<String, Object>>) threads.get("groups")) {
            md.append("| ").append(g.get("threads")).append(" | ").append(g.get("cpu_s")).append(" | ")
                    .append(pct(100 * ((Number) g.get("share")).doubleValue())).append(" |\n");
        }
        Map<String, Object> alloc = (Map<String, Object>) p.get("allocation");
        md.append(String.format(Locale.ROOT, "%nAllocation (jdk.ObjectAllocationSample, estimated): %s MiB/s%n%n",
                alloc.get("sampled_mib_per_s")));
        md.append("| allocating frame (object class) | MiB/s | share |\n|---|---:|---:|\n");
        for (Map<String, Object> a : (List<Map<String, Object>>) alloc.get("top")) {
            md.append("| ").append(a.get("frame")).append(" | ").append(a.get("mib_per_s")).append(" | ")
                    .append(pct(100 * ((Number) a.get("share")).doubleValue())).append(" |\n");
        }
        return md.append('\n').toString();
    }

    private static String pct(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "";
    }
}
