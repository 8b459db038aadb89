package io.clipstream.testing.planted;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * A concept users search for: its images share a colour and a motif; people describe it in several ways.
 *
 * @param phrasings what simulated users type
 * @param colourWords and {@code shapeWords}: vocabulary for {@link #descriptions()}
 */
public record ConceptFamily(String name, Color color, Motif motif, List<String> phrasings, List<String> colourWords,
                     List<String> shapeWords) {

    private static final List<String> TEMPLATES = List.of("%s %s", "a photo of %s %s", "some %s %s",
            "%s %s pattern", "picture of %s %s", "many %s %s", "%s %s on a dark background", "small %s %s");

    public static final List<ConceptFamily> ALL = List.of(
            new ConceptFamily("red-circles", new Color(220, 30, 30), Motif.CIRCLES,
                    List.of("red circles", "round red shapes", "a photo of red discs", "red balls"),
                    List.of("red", "crimson"), List.of("circles", "discs")),
            new ConceptFamily("blue-squares", new Color(30, 60, 220), Motif.SQUARES,
                    List.of("blue squares", "a photo of blue boxes", "square blue tiles", "blue blocks"),
                    List.of("blue", "navy"), List.of("squares", "boxes")),
            new ConceptFamily("green-triangles", new Color(30, 180, 40), Motif.TRIANGLES,
                    List.of("green triangles", "a photo of green pyramids", "pointy green shapes",
                            "green triangle pattern"),
                    List.of("green", "emerald"), List.of("triangles", "pyramids")),
            new ConceptFamily("yellow-stripes", new Color(240, 220, 30), Motif.STRIPES,
                    List.of("yellow stripes", "striped yellow pattern", "a photo of yellow lines", "yellow bars"),
                    List.of("yellow", "golden"), List.of("stripes", "bars")),
            new ConceptFamily("purple-rings", new Color(150, 40, 190), Motif.RINGS,
                    List.of("purple rings", "a photo of violet hoops", "purple circle outlines", "lilac rings"),
                    List.of("purple", "violet"), List.of("rings", "hoops")),
            new ConceptFamily("orange-checkers", new Color(245, 140, 20), Motif.CHECKERS,
                    List.of("orange checkerboard", "a photo of an orange grid", "orange chess pattern",
                            "checkered orange tiles"),
                    List.of("orange", "amber"), List.of("checkers", "grid")),
            new ConceptFamily("cyan-dots", new Color(30, 210, 220), Motif.DOTS,
                    List.of("cyan polka dots", "small turquoise dots", "a photo of cyan specks",
                            "dotted cyan pattern"),
                    List.of("cyan", "turquoise"), List.of("dots", "spots")),
            new ConceptFamily("white-crosses", new Color(245, 245, 245), Motif.CROSSES,
                    List.of("white crosses", "a photo of white plus signs", "white x marks", "crossed white lines"),
                    List.of("white", "pale"), List.of("crosses", "x shapes")));

    /** Templated descriptions: every template with every colour and shape word (32 per family). */
    public List<String> descriptions() {
        List<String> out = new ArrayList<>();
        for (String colour : colourWords) {
            for (String shape : shapeWords) {
                for (String template : TEMPLATES) {
                    out.add(String.format(template, colour, shape));
                }
            }
        }
        return out;
    }
}
