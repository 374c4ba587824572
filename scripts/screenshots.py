#!/usr/bin/env python3
"""Makes the README's pictures: plays each scene of screenshots/scenes.toml on the real
scopex binary in a tmux terminal, keeps the text of each screen (NAME.txt) and draws the
screens, colours included, as NAME.png or, for an animated scene, NAME.gif.

    python3 scripts/screenshots.py --binary target/release/scopex [--only NAME ...]

Use scripts/screenshots.sh, which installs what this needs (tmux, the DejaVu fonts, pyte,
Pillow) and builds the binary first.

A picture is rewritten only when what it shows changed: each file records a digest of
the screens it was drawn from (and of this renderer's settings), and a file whose digest
matches is left alone, byte for byte. tests/screenshots.rs plays the same scenes the same
way and compares the text of each screen with NAME.txt.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pyte
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "screenshots" / "scenes.toml"
OUT = ROOT / "screenshots"

# ---------------------------------------------------------------------------------------
# Playing a scene (tests/screenshots.rs does exactly the same; keep them in step)

POLL = 0.05  # seconds between two looks at the screen
STILL = 0.25  # a screen is still once it has not changed for this long
TIMEOUT = 15.0  # seconds to wait for a change or a text

KEY_FRAME_MS = 700  # how long an animation shows the screen after a key
CHAR_FRAME_MS = 90  # ... after a typed character
WAIT_FRAME_MS = 700  # ... after a `wait`


TMUX = shutil.which("tmux") or "tmux"


class SceneError(Exception):
    pass


class Terminal:
    """One tmux server of its own with one pane running a scene's command."""

    def __init__(self, width, height, command, binary, workdir):
        self.socket = f"scopex-shots-{os.getpid()}"
        home = Path(workdir) / "home"
        config = Path(workdir) / "config"
        home.mkdir()
        config.mkdir()
        # Only what the scene needs: no DISPLAY, WAYLAND_DISPLAY or SSH_* (the copy
        # message does not depend on the machine), no user catalogs, no shell rc files.
        self.env = {
            "PATH": f"{Path(binary).resolve().parent}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
            "TMUX_TMPDIR": str(workdir),
            "SCOPEX_CONFIG_DIR": str(config),
        }
        script = f"export TERM=xterm-256color\n{command}\nexec sleep 86400"
        self.tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "scene",
            "-x", str(width), "-y", str(height), "/bin/sh", "-c", script,
        )

    def tmux(self, *args):
        result = subprocess.run(
            [TMUX, "-u", "-L", self.socket, *args],
            env=self.env, cwd=ROOT, capture_output=True, encoding="utf-8", errors="replace",
        )
        if result.returncode != 0:
            raise SceneError(f"tmux {' '.join(args[:3])}: {result.stderr.strip()}")
        return result.stdout

    def close(self):
        subprocess.run(
            [TMUX, "-L", self.socket, "kill-server"],
            env=self.env, capture_output=True,
        )

    def state(self):
        """The screen with its colours, and the cursor: what a change is judged by."""
        ansi = self.tmux("capture-pane", "-p", "-e", "-t", "scene")
        cursor = self.tmux(
            "display-message", "-p", "-t", "scene", "#{cursor_x},#{cursor_y},#{cursor_flag}"
        ).strip()
        return ansi, cursor

    def plain(self):
        return self.tmux("capture-pane", "-p", "-t", "scene")

    def send(self, key):
        if len(key) == 1:
            self.tmux("send-keys", "-t", "scene", "-l", "--", key)
        else:
            self.tmux("send-keys", "-t", "scene", key)

    def settle(self, what):
        """Waits until the screen has been still for STILL seconds; returns its state."""
        deadline = time.monotonic() + TIMEOUT
        last = self.state()
        still_since = time.monotonic()
        while time.monotonic() - still_since < STILL:
            if time.monotonic() > deadline:
                raise SceneError(f"the screen never stopped changing after {what}")
            time.sleep(POLL)
            now = self.state()
            if now != last:
                last = now
                still_since = time.monotonic()
        return last

    def press(self, key, what):
        """Sends one key, waits for the screen to change, then to be still."""
        before = self.state()
        self.send(key)
        deadline = time.monotonic() + TIMEOUT
        while self.state() == before:
            if time.monotonic() > deadline:
                raise SceneError(f"{what} changed nothing on the screen:\n{self.plain()}")
            time.sleep(POLL)
        return self.settle(what)

    def wait_for(self, text):
        deadline = time.monotonic() + TIMEOUT
        while text not in self.plain():
            if time.monotonic() > deadline:
                raise SceneError(f"timed out waiting for {text!r}; the screen shows:\n{self.plain()}")
            time.sleep(POLL)
        return self.settle(f"wait {text}")


class Frame:
    def __init__(self, label, ansi, cursor, plain, duration):
        self.label = label
        self.ansi = ansi
        self.cursor = cursor
        self.plain = plain
        self.duration = duration


def play(scene, binary):
    """Plays a scene; returns its frames (a still scene keeps only the last)."""
    width, height = parse_size(scene["size"])
    frames = []
    last_step = None
    with tempfile.TemporaryDirectory(prefix="scopex-shots-") as workdir:
        term = Terminal(width, height, scene["command"], binary, workdir)
        try:
            for step in scene["steps"]:
                verb, _, arg = step.partition(" ")
                if verb == "keys":
                    for key in arg.split():
                        ansi, cursor = term.press(key, f"`keys {key}`")
                        frames.append(Frame(f"keys {key}", ansi, cursor, term.plain(), KEY_FRAME_MS))
                elif verb == "type":
                    for char in arg:
                        ansi, cursor = term.press(char, f"typing {char!r}")
                        frames.append(Frame(f"type {char}", ansi, cursor, term.plain(), CHAR_FRAME_MS))
                elif verb == "wait":
                    ansi, cursor = term.wait_for(arg)
                    frame = Frame(f"wait {arg}", ansi, cursor, term.plain(), WAIT_FRAME_MS)
                    # A wait right after a key takes that key's frame.
                    if frames and last_step in ("keys", "type"):
                        frames[-1] = frame
                    else:
                        frames.append(frame)
                elif verb == "hold":
                    if not frames:
                        raise SceneError("`hold` before any frame")
                    frames[-1].duration = int(arg)
                else:
                    raise SceneError(f"unknown step {step!r}")
                last_step = verb
        finally:
            term.close()
    if not frames:
        raise SceneError("a scene needs at least one step")
    return frames if scene.get("animated") else frames[-1:]


def parse_size(size):
    width, _, height = size.partition("x")
    return int(width), int(height)


def frames_text(frames, animated):
    """What NAME.txt holds: the screen, or every frame after a header line."""
    if not animated:
        return frames[0].plain
    parts = []
    for number, frame in enumerate(frames, 1):
        parts.append(f"──── frame {number}: {frame.label}\n")
        parts.append(frame.plain)
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# Drawing

RENDER_VERSION = "2"  # bump when the drawing changes, to redraw every picture

SCALE = 2  # pixels per point: pictures stay sharp on high-density screens
FONT_SIZE = 14 * SCALE
LINE_HEIGHT = 1.22
PADDING = 14 * SCALE
TITLE_BAR = 30 * SCALE
RADIUS = 9 * SCALE
MARGIN = 0  # transparent space around the window

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"]

# The terminal's own colours, by the scene's `background`: a dark terminal (the default)
# or a light one, for `--theme light`, which leaves the background to the terminal.
PALETTES = {
    "dark": {
        "fg": (0xD3, 0xD7, 0xDE),
        "bg": (0x1B, 0x1E, 0x24),
        "edge": (0x3A, 0x3F, 0x4A),
        "title_bg": (0x26, 0x2A, 0x32),
        "title_fg": (0x9A, 0xA1, 0xAD),
        "cursor": (0xD3, 0xD7, 0xDE),
    },
    "light": {
        "fg": (0x38, 0x3A, 0x42),
        "bg": (0xFA, 0xFA, 0xFA),
        "edge": (0xC8, 0xCA, 0xD0),
        "title_bg": (0xE9, 0xEA, 0xEE),
        "title_fg": (0x69, 0x6C, 0x77),
        "cursor": (0x38, 0x3A, 0x42),
    },
}


def palette_of(scene):
    name = scene.get("background", "dark")
    if name not in PALETTES:
        raise SceneError(f"background `{name}` is not one of {', '.join(PALETTES)}")
    return PALETTES[name]


# The 16 colours the app uses by number (the xterm 256-colour cube is pyte's).
ANSI = {
    "black": (0x2E, 0x33, 0x3C),
    "red": (0xE0, 0x6C, 0x75),
    "green": (0x98, 0xC3, 0x79),
    "brown": (0xE5, 0xC0, 0x7B),
    "blue": (0x61, 0xAF, 0xEF),
    "magenta": (0xC6, 0x78, 0xDD),
    "cyan": (0x56, 0xB6, 0xC2),
    "white": (0xAB, 0xB2, 0xBF),
    "brightblack": (0x6B, 0x73, 0x82),
    "brightred": (0xF0, 0x87, 0x8F),
    "brightgreen": (0xB5, 0xE0, 0x8C),
    "brightbrown": (0xF2, 0xD4, 0x97),
    "brightblue": (0x86, 0xC5, 0xF7),
    "brightmagenta": (0xD9, 0x9A, 0xEA),
    "brightcyan": (0x7F, 0xD1, 0xDB),
    "brightwhite": (0xF5, 0xF7, 0xFA),
}
NAMES = list(ANSI)


class Screen(pyte.Screen):
    """pyte's screen, but colours 0-15 given by number stay palette colours."""

    def select_graphic_rendition(self, *attrs, **kwargs):
        attrs = list(attrs)
        out = []
        while attrs:
            attr = attrs.pop(0)
            if attr in (38, 48) and len(attrs) >= 2 and attrs[0] == 5 and attrs[1] < 16:
                n = attrs[1]
                attrs = attrs[2:]
                base = 30 if attr == 38 else 40
                out.append(base + n if n < 8 else base + 60 + n - 8)
            else:
                out.append(attr)
        super().select_graphic_rendition(*out)


def colour(name, default):
    if name == "default":
        return default
    if name in ANSI:
        return ANSI[name]
    try:
        return tuple(int(name[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return default


def find_font(name):
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    found = shutil.which("fc-match") and subprocess.run(
        ["fc-match", "-f", "%{file}", name.removesuffix(".ttf")],
        capture_output=True, text=True,
    ).stdout
    if found and Path(found).exists():
        return found
    sys.exit(f"font {name} not found: install fonts-dejavu-core")


class Fonts:
    def __init__(self):
        self.regular = ImageFont.truetype(find_font("DejaVuSansMono.ttf"), FONT_SIZE)
        self.bold = ImageFont.truetype(find_font("DejaVuSansMono-Bold.ttf"), FONT_SIZE)
        self.italic = ImageFont.truetype(find_font("DejaVuSansMono-Oblique.ttf"), FONT_SIZE)
        self.title = ImageFont.truetype(find_font("DejaVuSans.ttf"), 13 * SCALE)
        self.cell_w = round(self.regular.getlength("M"))
        self.cell_h = round(FONT_SIZE * LINE_HEIGHT)
        ascent, descent = self.regular.getmetrics()
        self.baseline = (self.cell_h - (ascent + descent)) // 2 + ascent


# Box drawing: the lines from the cell's centre (up, down, left, right): 1 light, 2 heavy.
# Drawn, not taken from the font, so that they join across cells.
BOX = {
    "─": (0, 0, 1, 1), "│": (1, 1, 0, 0), "━": (0, 0, 2, 2), "┃": (2, 2, 0, 0),
    "┌": (0, 1, 0, 1), "┐": (0, 1, 1, 0), "└": (1, 0, 0, 1), "┘": (1, 0, 1, 0),
    "╭": (0, 1, 0, 1), "╮": (0, 1, 1, 0), "╰": (1, 0, 0, 1), "╯": (1, 0, 1, 0),
    "┏": (0, 2, 0, 2), "┓": (0, 2, 2, 0), "┗": (2, 0, 0, 2), "┛": (2, 0, 2, 0),
    "├": (1, 1, 0, 1), "┤": (1, 1, 1, 0), "┬": (0, 1, 1, 1), "┴": (1, 0, 1, 1),
    "┼": (1, 1, 1, 1), "╴": (0, 0, 1, 0), "╶": (0, 0, 0, 1), "╵": (1, 0, 0, 0),
    "╷": (0, 1, 0, 0),
}


def draw_box(draw, ch, x, y, w, h, fill):
    up, down, left, right = BOX[ch]
    cx, cy = x + w // 2, y + h // 2
    for weight, (x0, y0, x1, y1) in (
        (up, (cx, y, cx, cy)), (down, (cx, cy, cx, y + h)),
        (left, (x, cy, cx, cy)), (right, (cx, cy, x + w, cy)),
    ):
        if weight:
            t = max(1, round(w / 9)) * weight
            half = t // 2
            if x0 == x1:  # vertical
                draw.rectangle((x0 - half, min(y0, y1) - half, x0 - half + t - 1, max(y0, y1) + half), fill=fill)
            else:
                draw.rectangle((min(x0, x1) - half, y0 - half, max(x0, x1) + half, y0 - half + t - 1), fill=fill)


def draw_block(draw, ch, x, y, w, h, fill):
    """Block elements (half and eighth blocks): exact rectangles."""
    code = ord(ch)
    if code == 0x2580:
        box = (x, y, x + w, y + h // 2)
    elif 0x2581 <= code <= 0x2588:
        part = code - 0x2580
        box = (x, y + h - round(h * part / 8), x + w, y + h)
    elif 0x2589 <= code <= 0x258F:
        part = 0x2590 - code
        box = (x, y, x + round(w * part / 8), y + h)
    elif code == 0x2590:
        box = (x + w // 2, y, x + w, y + h)
    else:
        return False
    draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=fill)
    return True


class Tiles:
    """Each cell drawn once per character, font and colours, then pasted."""

    def __init__(self, fonts):
        self.fonts = fonts
        self.cache = {}

    def get(self, char, style, fg, bg, wide):
        key = (char, style, fg, bg, wide)
        tile = self.cache.get(key)
        if tile is None:
            fonts = self.fonts
            w, h = fonts.cell_w * (2 if wide else 1), fonts.cell_h
            tile = Image.new("RGB", (w, h), bg)
            draw = ImageDraw.Draw(tile)
            if char in BOX:
                draw_box(draw, char, 0, 0, w, h, fg)
            elif not draw_block(draw, char, 0, 0, w, h, fg):
                font = {"bold": fonts.bold, "italic": fonts.italic}.get(style, fonts.regular)
                draw.text((0, fonts.baseline), char, font=font, fill=fg, anchor="ls")
            self.cache[key] = tile
        return tile


def render_screen(ansi, cursor, width, height, fonts, tiles, palette):
    """The terminal area alone: each cell with its colours and attributes."""
    default_fg, default_bg, cursor_colour = palette["fg"], palette["bg"], palette["cursor"]
    screen = Screen(width, height)
    stream = pyte.Stream(screen)
    # capture-pane ends lines with \n only; a terminal needs the carriage return too.
    stream.feed(ansi.rstrip("\n").replace("\n", "\r\n"))
    cw, ch = fonts.cell_w, fonts.cell_h
    image = Image.new("RGB", (width * cw, height * ch), default_bg)
    draw = ImageDraw.Draw(image)
    cx, cy, visible = (int(v) for v in cursor.split(","))
    for row in range(height):
        line = screen.buffer[row]
        for col in range(width):
            cell = line[col]
            fg = colour(cell.fg, default_fg)
            bg = colour(cell.bg, default_bg)
            if cell.reverse:
                fg, bg = bg, fg
            if visible and (col, row) == (cx, cy):
                fg, bg = default_bg, cursor_colour
            x, y = col * cw, row * ch
            char = cell.data
            if not char:  # the second half of a wide character
                continue
            if char == " ":
                if bg != default_bg:
                    draw.rectangle((x, y, x + cw - 1, y + ch - 1), fill=bg)
                continue
            style = "bold" if cell.bold else "italic" if cell.italics else "regular"
            wide = col + 1 < width and line[col + 1].data == ""
            image.paste(tiles.get(char, style, fg, bg, wide), (x, y))
            if cell.underscore:
                uy = y + fonts.baseline + max(2, SCALE)
                draw.rectangle((x, uy, x + cw - 1, uy + SCALE - 1), fill=fg)
    return image


def window(terminal, title, fonts, palette, rounded=True):
    """The terminal area in a window: title bar, padding, rounded corners."""
    default_bg, edge = palette["bg"], palette["edge"]
    title_bg, title_fg = palette["title_bg"], palette["title_fg"]
    tw, th = terminal.size
    w = tw + 2 * PADDING
    h = th + 2 * PADDING + TITLE_BAR
    mode = "RGBA" if rounded else "RGB"
    image = Image.new(mode, (w + 2 * MARGIN, h + 2 * MARGIN), (0, 0, 0, 0) if rounded else default_bg)
    body = Image.new("RGB", (w, h), default_bg)
    draw = ImageDraw.Draw(body)
    draw.rectangle((0, 0, w - 1, TITLE_BAR - 1), fill=title_bg)
    draw.line((0, TITLE_BAR - 1, w - 1, TITLE_BAR - 1), fill=edge, width=1)
    for i, dot in enumerate([(0xFF, 0x5F, 0x57), (0xFE, 0xBC, 0x2E), (0x28, 0xC8, 0x40)]):
        r = 6 * SCALE
        x = 13 * SCALE + i * 20 * SCALE
        y = TITLE_BAR // 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=dot)
    draw.text((w // 2, TITLE_BAR // 2), title, font=fonts.title, fill=title_fg, anchor="mm")
    body.paste(terminal, (PADDING, TITLE_BAR + PADDING))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=RADIUS if rounded else 0, fill=255)
    image.paste(body, (MARGIN, MARGIN), mask)
    ImageDraw.Draw(image).rounded_rectangle(
        (MARGIN, MARGIN, MARGIN + w - 1, MARGIN + h - 1),
        radius=RADIUS if rounded else 0, outline=edge, width=SCALE,
    )
    return image


def save_gif(images, durations, path, comment):
    """An animated GIF with one palette for all frames, so each frame after the first
    stores only the cells that changed."""
    w, h = images[0].size
    step = 4
    sample = Image.new("RGB", (w // step, (h // step) * len(images)))
    for i, image in enumerate(images):
        small = image.resize((w // step, h // step), Image.Resampling.NEAREST)
        sample.paste(small, (0, i * (h // step)))
    palette = sample.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    frames = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    frames[0].save(
        path, save_all=True, append_images=frames[1:], loop=0, duration=durations,
        comment=comment.encode("ascii"), optimize=False, disposal=1,
    )


def digest(scene, frames):
    h = hashlib.sha256()
    palette = palette_of(scene)
    settings = [RENDER_VERSION, SCALE, FONT_SIZE, LINE_HEIGHT, PADDING, TITLE_BAR, RADIUS,
                MARGIN, palette["fg"], palette["bg"], sorted(ANSI.items())]
    if palette is not PALETTES["dark"]:
        settings.append(sorted(palette.items()))
    h.update(repr((settings, scene["size"], scene.get("title", ""))).encode())
    for frame in frames:
        h.update(repr((frame.ansi, frame.cursor, frame.duration)).encode())
    return h.hexdigest()


def stored_digest(path):
    if not path.exists():
        return None
    try:
        with Image.open(path) as image:
            info = image.info.get("scopex-screens") or image.info.get("comment")
    except OSError:
        return None
    if isinstance(info, bytes):
        info = info.decode("ascii", "replace")
    return info


def write_if_changed(path, text):
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def make(scene, binary, fonts, tiles):
    name = scene["name"]
    animated = bool(scene.get("animated"))
    width, height = parse_size(scene["size"])
    title = scene.get("title", scene["command"])
    palette = palette_of(scene)
    frames = play(scene, binary)
    changed = []
    if write_if_changed(OUT / f"{name}.txt", frames_text(frames, animated)):
        changed.append(f"{name}.txt")
    key = digest(scene, frames)
    picture = OUT / f"{name}.{'gif' if animated else 'png'}"
    if stored_digest(picture) != key:
        if animated:
            images = [
                window(render_screen(f.ansi, f.cursor, width, height, fonts, tiles, palette), title, fonts,
                       palette, rounded=False)
                for f in frames
            ]
            save_gif(images, [f.duration for f in frames], picture, key)
        else:
            screen = render_screen(frames[0].ansi, frames[0].cursor, width, height, fonts, tiles, palette)
            image = window(screen, title, fonts, palette)
            info = PngImagePlugin.PngInfo()
            info.add_text("scopex-screens", key)
            image.save(picture, pnginfo=info, optimize=True)
        changed.append(picture.name)
    return changed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "scopex"))
    parser.add_argument("--only", nargs="*", help="scene names (default: all)")
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"{args.binary} does not exist: build it first (cargo build --release)")
    with open(SCENES, "rb") as f:
        scenes = tomllib.load(f)["scene"]
    fonts = Fonts()
    tiles = Tiles(fonts)
    failed = False
    for scene in scenes:
        if args.only and scene["name"] not in args.only:
            continue
        try:
            changed = make(scene, args.binary, fonts, tiles)
        except SceneError as error:
            print(f"{scene['name']}: {error}", file=sys.stderr)
            failed = True
            continue
        print(f"{scene['name']}: {', '.join(changed) if changed else 'unchanged'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
