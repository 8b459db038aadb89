package io.clipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.bench.SampleCategory.Frame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the ingest benchmark whose mistakes would not show in its numbers. */
class IngestHarnessPartsTest {

    @Test
    void generatedPicturesAreDeterministic420Jpegs() {
        byte[] a = JpegFiles.write420(PhotoScene.render(320, 240, 7), ImageSet.QUALITY);
        byte[] b = JpegFiles.write420(PhotoScene.render(320, 240, 7), ImageSet.QUALITY);
        byte[] other = JpegFiles.write420(PhotoScene.render(320, 240, 8), ImageSet.QUALITY);
        assertThat(a).isEqualTo(b).isNotEqualTo(other);
        assertThat(JpegFiles.chromaSubsampling(a)).isEqualTo("4:2:0");
    }

    @Test
    void setsAreNamedBySizeOr12mp() {
        assertThat(ImageSet.parse("12MP", 300, java.nio.file.Path.of("out")))
                .extracting(ImageSet::width, ImageSet::height, ImageSet::name).containsExactly(4000, 3000, "12mp");
        assertThat(ImageSet.parse("640x480", 10, java.nio.file.Path.of("out")).folder())
                .isEqualTo(java.nio.file.Path.of("out", "images-640x480"));
    }

    @Test
    void aSampleBelongsToTheTopMostKnownFrame() {
        // JDK code on top of the resampler is resampling; ONNX Runtime above the batcher is ONNX Runtime.
        assertThat(SampleCategory.classify(List.of(new Frame("java.util.Arrays", "fill"),
                new Frame("io.clipstream.model.image.BicubicResampler", "horizontalPass"),
                new Frame("io.clipstream.model.image.ImagePreprocessor", "preprocessInto"))).category())
                .isEqualTo(SampleCategory.RESAMPLE);
        assertThat(SampleCategory.classify(List.of(new Frame("ai.onnxruntime.OrtSession", "run"),
                new Frame("io.clipstream.model.batch.MicroBatcher", "run"))).category())
                .isEqualTo(SampleCategory.ONNX);
        // The JDK's JPEG writer is the thumbnail, its reader the decode.
        assertThat(SampleCategory.classify(List.of(new Frame("com.sun.imageio.plugins.jpeg.JPEGImageWriter",
                "writeImage"))).category()).isEqualTo(SampleCategory.THUMBNAIL);
        assertThat(SampleCategory.classify(List.of(new Frame("com.sun.imageio.plugins.jpeg.JPEGImageReader",
                "readImage"), new Frame("io.clipstream.indexer.thumbnail.ThumbnailMaker", "make"))).category())
                .isEqualTo(SampleCategory.JPEG_DECODE);
        assertThat(SampleCategory.classify(List.of(new Frame("io.clipstream.model.image.HorizontalPass", "transpose"),
                new Frame("io.clipstream.model.image.ImageDecoder", "decode"))).category())
                .isEqualTo(SampleCategory.RESAMPLE);
        assertThat(SampleCategory.classify(List.of(new Frame("io.clipstream.model.image.ImagePreprocessor",
                "toTensor"))).category()).isEqualTo(SampleCategory.TENSOR);
        assertThat(SampleCategory.classify(List.of(new Frame("org.bytedeco.opencv.global.opencv_imgcodecs",
                "imencode"), new Frame("io.clipstream.model.image.JpegEncoder", "encode"))).category())
                .isEqualTo(SampleCategory.THUMBNAIL);
        assertThat(SampleCategory.classify(List.of(new Frame("org.bytedeco.opencv.global.opencv_imgcodecs",
                "imdecode"), new Frame("io.clipstream.model.image.LibjpegTurboDecoder", "decode"))).category())
                .isEqualTo(SampleCategory.JPEG_DECODE);
        assertThat(SampleCategory.classify(List.of(new Frame("io.vertx.core.json.JsonObject", "encode")))
                .category()).isEqualTo(SampleCategory.JSON);
        SampleCategory.Classified unknown = SampleCategory.classify(List.of(new Frame("java.lang.Object", "wait")));
        assertThat(unknown.category()).isEqualTo(SampleCategory.OTHER);
        assertThat(unknown.frame().label()).isEqualTo("Object.wait");
    }

    @Test
    void threadsAreGroupedByTheirKernelNames() {
        assertThat(ThreadCpu.group("decode-3")).startsWith("decode-N");
        assertThat(ThreadCpu.group("java")).contains("ONNX Runtime");
        assertThat(ThreadCpu.group("bench-batcher")).contains("ONNX Runtime");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT compiler");
    }

    @Test
    void theReportShowsEveryRowAndJudgesEachRatioAgainstItsTarget() {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("raw_encoder", Map.of("images_per_s", 1694.0));
        rows.put("java_decode_preprocess", Map.of("images_per_s", 248.0, "threads", 2));
        rows.put("encode_stage", Map.of("images_per_s", 155.8, "load_average_1m_after", 2.1));
        rows.put("python_single", Map.of("images_per_s", 180.9));
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("encode_stage_over_python_single", 0.861);
        ratios.put("encode_stage_over_java_decode_preprocess", 0.628);
        Map<String, Object> set = new LinkedHashMap<>(Map.of("label", "640×480", "images", 2000, "mean_jpeg_kib", 68,
                "chroma_subsampling", "4:2:0", "warmup_images", 200, "rows", rows, "ratios", ratios));
        String md = ThroughputReport.markdown(Map.of("batch", 32, "python_workers", 2, "sets",
                Map.of("640x480", set)));
        assertThat(md).contains("| raw encoder, batch 32, random float input | 1,690 |  |",
                "| Java decode + preprocess alone, 2 threads | 248 |",
                "| **encode stage**: uploads → embeddings log (projector off), float input | 156 | 2.1 |",
                "| encode stage, uint8 input | not run |",
                "| projector: embeddings log → Milvus Lite (encode stage off) | not run |",
                "| encode stage ÷ Python single process | 0.861 | ≥ 2.0 | no |",
                "| encode stage ÷ Java decode + preprocess | 0.628 | ≥ 0.85 | no |",
                "| encode stage ÷ Python all cores | not run | ≥ 1.2 |  |");
    }
}
