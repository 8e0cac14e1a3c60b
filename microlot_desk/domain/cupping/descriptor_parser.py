"""Read a check-all-that-apply descriptor group (CVA descriptive, SCA-103) from a template."""

from __future__ import annotations

from microlot_desk.domain.cupping.errors import TemplateError
from microlot_desk.domain.cupping.template import Descriptor, DescriptorGroup
from microlot_desk.domain.cupping.template_reader import MAX_ITEMS, Node


def parse_descriptor_group(path: str, raw: object) -> DescriptorGroup:
    """A group: key, label, max_selected and its boxes; category boxes may hold term boxes."""
    node = Node.read(raw, path, required=("key", "label", "max_selected", "choices"))
    seen: set[str] = set()
    choices: list[Descriptor] = []
    for choice_path, choice_raw in node.items("choices"):
        choice = Node.read(choice_raw, choice_path, ("key", "label"), optional=("children",))
        children: list[Descriptor] = []
        if choice.has("children"):
            for child_path, child_raw in choice.items("children"):
                # One level of nesting only: the paper forms have categories and terms.
                child = Node.read(child_raw, child_path, ("key", "label"))
                children.append(_box(child, seen))
        choices.append(_box(choice, seen, tuple(children)))
    return DescriptorGroup(
        key=node.identifier("key"),
        label=node.text("label"),
        max_selected=node.integer("max_selected", 1, MAX_ITEMS),
        choices=tuple(choices),
    )


def _box(node: Node, seen: set[str], children: tuple[Descriptor, ...] = ()) -> Descriptor:
    key = node.identifier("key")
    if key in seen:
        raise TemplateError(node.at("key"), "duplicate_key", key)
    seen.add(key)
    return Descriptor(key=key, label=node.text("label"), children=children)
