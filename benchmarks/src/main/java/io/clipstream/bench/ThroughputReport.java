package io.clipstream.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown of an ingest run, from its result map: one table of rows and one of ratios per image set. */
final class ThroughputReport {

    /** Row key, label; in the order docs/benchmarks.md shows them. */
    private static final List<String[]> ROWS = List.of(
            new String[] {"raw_encoder", "raw encoder, batch %batch%, random float input"},
            new String[] {"raw_encoder_uint8", "raw encoder, batch %batch%, random uint8 input (normalised in the "
                    + "graph)"},
            new String[] {"java_decode_preprocess", "Java decode + preprocess alone, %threads% threads"},
            new String[] {"encode_stage", "**encode stage**: uploads → embeddings log (projector off), float input"},
            new String[] {"encode_stage_uint8", "encode stage, uint8 input"},
            new String[] {"projector", "projector: embeddings log → Milvus Lite (encode stage off)"},
            new String[] {"pipeline", "pipeline: uploads → Milvus Lite (both stages)"},
            new String[] {"python_single", "Python single process (baseline.py)"},
            new String[] {"python_all_cores", "Python all cores: %workers% workers + 1 onnxruntime session "
                    + "(allcores.py)"});

    /** Ratio key, label, target; a ratio is "met" when it is at least its target. */
    static final List<Object[]> RATIOS = List.of(
            new Object[] {"encode_stage_over_python_single", "encode stage ÷ Python single process", 2.0},
            new Object[] {"encode_stage_over_python_all_cores", "encode stage ÷ Python all cores", 1.2},
            new Object[] {"encode_stage_over_java_decode_preprocess", "encode stage ÷ Java decode + preprocess",
                    0.85},
            new Object[] {"pipeline_over_python_single", "pipeline ÷ Python single process", null});

    private ThroughputReport() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> result) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> sets = (Map<String, Object>) result.get("sets");
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            Map<String, Object> set = (Map<String, Object>) e.getValue();
            Map<String, Object> rows = (Map<String, Object>) set.get("rows");
            md.append(String.format(Locale.ROOT, "### %s JPEGs: %s images, mean %s KiB, quality 90, %s; %s warm-up%n%n",
                    set.get("label"), set.get("images"), set.get("mean_jpeg_kib"), set.get("chroma_subsampling"),
                    set.get("warmup_images")));
            md.append("| row | images/s | load (1 min) after |\n|---|---:|---:|\n");
            for (String[] row : ROWS) {
                Object r = rows.get(row[0]);
                String label = row[1].replace("%batch%", String.valueOf(result.get("batch")))
                        .replace("%workers%", String.valueOf(result.get("python_workers")))
                        .replace("%threads%", r instanceof Map<?, ?> m && m.get("threads") != null
                                ? String.valueOf(m.get("threads")) : "?");
                Object load = r instanceof Map<?, ?> m ? m.get("load_average_1m_after") : null;
                md.append("| ").append(label).append(" | ").append(rate(r)).append(" | ")
                        .append(load == null ? "" : load).append(" |\n");
            }
            md.append("\n| ratio | value | target | met |\n|---|---:|---:|---|\n");
            Map<String, Object> ratios = (Map<String, Object>) set.get("ratios");
            for (Object[] ratio : RATIOS) {
                Object v = ratios.get((String) ratio[0]);
                Double target = (Double) ratio[2];
                String met = v instanceof Number n && target != null ? (n.doubleValue() >= target ? "yes" : "no")
                        : "";
                md.append("| ").append(ratio[1]).append(" | ").append(v == null ? "not run" : v).append(" | ")
                        .append(target == null ? "" : "≥ " + target).append(" | ").append(met).append(" |\n");
            }
            md.append('\n');
            if (rows.get("encode_stage") instanceof Map<?, ?> encode && encode.get("profile") instanceof Map<?, ?> p) {
                md.append(ProfileReport.markdown((String) set.get("label"), (Map<String, Object>) p));
            }
        }
        return md.toString();
    }

    private static String rate(Object row) {
        if (row instanceof Map<?, ?> m && m.get("images_per_s") instanceof Number n) {
            return format(n.doubleValue());
        }
        return row == null ? "not run" : String.valueOf(row);
    }

    /** Three significant digits, thousands separated: 1,694 / 248 / 19.1 / 0.599. */
    static String format(double v) {
        double s = Rounding.significant(v);
        if (Math.abs(s) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", s);
        }
        return Math.abs(s) >= 10 ? String.format(Locale.ROOT, "%.1f", s) : String.format(Locale.ROOT, "%.3g", s);
    }
}
