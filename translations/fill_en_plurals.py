#!/usr/bin/python3
"""Fills smartfixer_en.ts (numerus messages only, from lupdate -pluralonly): the English
singular and plural of each "%n thing(s)" source. Run after `ninja update_translations`."""
import re
import sys
import xml.etree.ElementTree as ET

IRREGULAR = {"person(s)": ("person", "people")}


def forms(source):
    one, many = source, source
    for word, (sg, pl) in IRREGULAR.items():
        one, many = one.replace(word, sg), many.replace(word, pl)
    return re.sub(r"\(s\)", "", one), re.sub(r"\(s\)", "s", many)


path = sys.argv[1] if len(sys.argv) > 1 else "translations/smartfixer_en.ts"
tree = ET.parse(path)
for message in tree.iter("message"):
    if message.get("numerus") != "yes":
        continue
    source = message.findtext("source")
    translation = message.find("translation")
    for child in list(translation):
        translation.remove(child)
    for text in forms(source):
        ET.SubElement(translation, "numerusform").text = text
    translation.attrib.pop("type", None)
ET.indent(tree, space="    ")
with open(path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
    out.write(ET.tostring(tree.getroot(), encoding="unicode"))
    out.write("\n")
