"""Small helpers shared by the catalog generators in this folder (standard library only).

A generator reads a provider's published data and writes catalogs/ID.toml. The output
depends on nothing but the input files and the constants in the generator, so running it
again gives the same bytes.
"""

import hashlib
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROVIDERS = os.path.join(os.path.dirname(REPO), "shared", "reference", "providers")


def source_dir(provider):
    """The provider's folder: the first command-line argument, else ../shared/reference/providers/PROVIDER."""
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(PROVIDERS, provider)
    if not os.path.isdir(folder):
        sys.exit(f"{sys.argv[0]}: source folder {folder} not found (pass it as the first argument)")
    return folder


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def s(text):
    """A TOML basic string."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def one_line(text):
    """Whitespace runs (newlines included) as one space, trimmed."""
    return " ".join(str(text).split())


def string_list(items):
    return "[" + ", ".join(s(i) for i in items) + "]"


def requires(alternatives):
    """`requires` of an operation: a list of alternatives, each a list of scopes."""
    return "[" + ", ".join(string_list(alt) for alt in alternatives) + "]"


def comment(text, width=88):
    """`text` as `#` comment lines, wrapped at `width`; blank lines kept."""
    lines = []
    for para in text.strip("\n").split("\n"):
        words = para.split()
        if not words:
            lines.append("#")
            continue
        line = "#"
        for word in words:
            if len(line) + 1 + len(word) > width and line != "#":
                lines.append(line)
                line = "#"
            line += " " + word
        lines.append(line)
    return "\n".join(lines) + "\n"


def write(catalog_id, text):
    path = os.path.join(REPO, "catalogs", f"{catalog_id}.toml")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, REPO)} ({len(text.encode('utf-8'))} bytes)")
