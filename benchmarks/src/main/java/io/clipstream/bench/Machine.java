package io.clipstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What the numbers were measured on, written into every result file. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            m.put("memory_gib", Math.round(lines.filter(l -> l.startsWith("MemTotal"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1024.0 / 1024.0));
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            m.put("cpu", lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown"));
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return m;
    }

    /** The 1-minute load average: how busy the shared machine was around a measurement. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
