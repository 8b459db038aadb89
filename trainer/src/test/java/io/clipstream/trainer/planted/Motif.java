package io.clipstream.trainer.planted;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.util.Random;

/** The shape or texture that, with its colour, makes a concept family recognisable. */
enum Motif {
    CIRCLES {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            for (int i = 0, n = 3 + r.nextInt(5); i < n; i++) {
                int d = size / 8 + r.nextInt(size / 4);
                g.fillOval(r.nextInt(size - d), r.nextInt(size - d), d, d);
            }
        }
    },
    SQUARES {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            for (int i = 0, n = 3 + r.nextInt(5); i < n; i++) {
                int d = size / 8 + r.nextInt(size / 4);
                g.fillRect(r.nextInt(size - d), r.nextInt(size - d), d, d);
            }
        }
    },
    TRIANGLES {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            for (int i = 0, n = 3 + r.nextInt(5); i < n; i++) {
                int d = size / 6 + r.nextInt(size / 4);
                int x = r.nextInt(size - d);
                int y = r.nextInt(size - d);
                g.fillPolygon(new Polygon(new int[] {x, x + d / 2, x + d}, new int[] {y + d, y, y + d}, 3));
            }
        }
    },
    STRIPES {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            int period = 16 + r.nextInt(20);
            int width = period / 3 + r.nextInt(period / 3);
            for (int y = r.nextInt(period); y < size; y += period) {
                g.fillRect(0, y, size, width);
            }
        }
    },
    RINGS {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            g.setStroke(new BasicStroke(5 + r.nextInt(6)));
            for (int i = 0, n = 2 + r.nextInt(4); i < n; i++) {
                int d = size / 5 + r.nextInt(size / 3);
                g.drawOval(r.nextInt(size - d), r.nextInt(size - d), d, d);
            }
        }
    },
    CHECKERS {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            int cell = 20 + r.nextInt(20);
            int shift = r.nextInt(cell);
            for (int y = -shift, row = 0; y < size; y += cell, row++) {
                for (int x = -shift + (row % 2) * cell; x < size; x += 2 * cell) {
                    g.fillRect(x, y, cell, cell);
                }
            }
        }
    },
    DOTS {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            for (int i = 0, n = 40 + r.nextInt(40); i < n; i++) {
                int d = 5 + r.nextInt(6);
                g.fillOval(r.nextInt(size - d), r.nextInt(size - d), d, d);
            }
        }
    },
    CROSSES {
        @Override
        void draw(Graphics2D g, Random r, int size) {
            g.setStroke(new BasicStroke(6 + r.nextInt(6)));
            for (int i = 0, n = 3 + r.nextInt(4); i < n; i++) {
                int d = size / 6 + r.nextInt(size / 4);
                int x = r.nextInt(size - d);
                int y = r.nextInt(size - d);
                g.drawLine(x, y, x + d, y + d);
                g.drawLine(x + d, y, x, y + d);
            }
        }
    };

    abstract void draw(Graphics2D g, Random random, int size);
}
