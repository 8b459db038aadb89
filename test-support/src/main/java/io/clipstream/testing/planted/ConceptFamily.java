package io.clipstream.testing.planted;

import java.awt.Color;
import java.util.List;

/** A concept users search for: images share a colour and a motif; people describe it in several ways. */
public record ConceptFamily(String name, Color color, Motif motif, List<String> phrasings) {

    public static final List<ConceptFamily> ALL = List.of(
            new ConceptFamily("red-circles", new Color(220, 30, 30), Motif.CIRCLES,
                    List.of("red circles", "round red shapes", "a photo of red discs", "red balls")),
            new ConceptFamily("blue-squares", new Color(30, 60, 220), Motif.SQUARES,
                    List.of("blue squares", "a photo of blue boxes", "square blue tiles", "blue blocks")),
            new ConceptFamily("green-triangles", new Color(30, 180, 40), Motif.TRIANGLES,
                    List.of("green triangles", "a photo of green pyramids", "pointy green shapes",
                            "green triangle pattern")),
            new ConceptFamily("yellow-stripes", new Color(240, 220, 30), Motif.STRIPES,
                    List.of("yellow stripes", "striped yellow pattern", "a photo of yellow lines", "yellow bars")),
            new ConceptFamily("purple-rings", new Color(150, 40, 190), Motif.RINGS,
                    List.of("purple rings", "a photo of violet hoops", "purple circle outlines", "lilac rings")),
            new ConceptFamily("orange-checkers", new Color(245, 140, 20), Motif.CHECKERS,
                    List.of("orange checkerboard", "a photo of an orange grid", "orange chess pattern",
                            "checkered orange tiles")),
            new ConceptFamily("cyan-dots", new Color(30, 210, 220), Motif.DOTS,
                    List.of("cyan polka dots", "small turquoise dots", "a photo of cyan specks",
                            "dotted cyan pattern")),
            new ConceptFamily("white-crosses", new Color(245, 245, 245), Motif.CROSSES,
                    List.of("white crosses", "a photo of white plus signs", "white x marks", "crossed white lines")));
}
