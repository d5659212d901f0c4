"""The scenario map and paths a trainer reads in the editor: the graph of a spec laid out in columns, with what is
wrong flagged on the node or arrow it concerns, and every distinct way from the first step to an ending with its
score and variables. Pure functions over an editor spec (`build_spec(..., key_by="id")`), so the map can be drawn from
an unsaved form; the analysis itself is `scenarios.graph_facts`, the one validation uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from quizzes import scenarios

NODE_WIDTH = 150
NODE_HEIGHT = 46
COLUMN = 210
ROW = 76
MARGIN = 24
OPERATOR_SIGNS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
MAX_PATHS = 200


@dataclass
class MapEdge:
    """One arrow: a choice (numbered within its step), a branch rule (with its conditions) or a branch's
    “otherwise”. `target` is None when it leads nowhere or to a block that is gone."""

    source: str
    target: str | None
    kind: str
    label: str
    text: str
    field: str
    flags: list[str] = field(default_factory=list)
    target_name: str = ""
    path: str = ""
    label_x: float = 0
    label_y: float = 0


@dataclass
class MapNode:
    key: str
    kind: str
    name: str
    title: str
    position: int
    outcome: str = ""
    flags: list[str] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)
    x: float = 0
    y: float = 0
    is_start: bool = False

    @property
    def display(self) -> str:
        return scenarios.describe({"kind": self.kind, "key": self.key, "name": self.name, "position": self.position})


@dataclass
class ScenarioMap:
    nodes: list[MapNode]
    width: int
    height: int
    problem_count: int

    @property
    def edges(self) -> list[MapEdge]:
        return [edge for node in self.nodes for edge in node.edges]

    def targets(self) -> list[dict]:
        """What a “Leads to” select offers: every step, branch and ending, by name, in block order."""
        return [{"id": node.key, "name": node.name, "label": target_label(node)} for node in self.nodes]


def target_label(node: MapNode) -> str:
    if node.kind == "ending":
        return _("Ending %(name)s: %(title)s") % {"name": node.name or "?", "title": node.title}
    if node.kind == "branch":
        return _("Branch %(name)s") % {"name": node.name or "?"}
    return _("Step %(name)s") % {"name": node.name or "?"} + (f" · {node.title}" if node.title else "")


def condition_text(conditions: list) -> str:
    return _(" and ").join(f"{v} {OPERATOR_SIGNS.get(op, op)} {n}" for v, op, n in conditions)


def build_map(spec: dict, *, field_prefix: str = "steps") -> ScenarioMap:
    """The map of an editor spec. `field` on each arrow is the form field of its target input (so the editor can
    take the trainer straight to it); flags name what validation would say about the node or the arrow."""
    facts = scenarios.graph_facts(spec)
    by_key = scenarios.nodes_by_key(spec)
    nodes: list[MapNode] = []
    problem_count = 0
    for index, node in enumerate(spec["nodes"]):
        key = node["key"]
        title = node.get("title", "") if node["kind"] == "ending" else node.get("clock", "")
        item = MapNode(
            key=key,
            kind=node["kind"],
            name=scenarios.name_of(node),
            title=title,
            position=index + 1,
            outcome=node.get("outcome", ""),
            is_start=key == facts.start,
        )
        if not item.name:
            item.flags.append(_("no key"))
        if facts.start is not None and key not in facts.reachable:
            item.flags.append(_("unreachable"))
        if key in facts.trapped_loops:
            item.flags.append(_("loop without exit"))
        elif key not in facts.can_end:
            item.flags.append(_("dead end: no way to an ending"))
        if key in facts.branch_loops:
            item.flags.append(_("branches loop"))
        if node["kind"] == "ending" and scenarios.is_blank(node["debrief"]):
            item.flags.append(_("no debrief"))
        base = f"{field_prefix}-{index}-value"
        if node["kind"] == "step":
            for number, choice in enumerate(node["choices"]):
                edge = MapEdge(
                    source=key,
                    target=choice["next"] if choice["next"] in by_key else None,
                    kind="choice",
                    label=chr(ord("a") + number),
                    text=choice["text"],
                    field=f"{base}-choices-{number}-value-next",
                )
                if scenarios.is_blank(choice["feedback"]):
                    edge.flags.append(_("no feedback"))
                if edge.target is None:
                    edge.flags.append(_("no target") if not choice["next"] else _("target missing"))
                item.edges.append(edge)
        elif node["kind"] == "branch":
            for number, rule in enumerate(node["rules"]):
                edge = MapEdge(
                    source=key,
                    target=rule["goto"] if rule["goto"] in by_key else None,
                    kind="rule",
                    label=condition_text(rule["conditions"]),
                    text=condition_text(rule["conditions"]),
                    field=f"{base}-rules-{number}-value-goto",
                )
                if edge.target is None:
                    edge.flags.append(_("no target") if not rule["goto"] else _("target missing"))
                item.edges.append(edge)
            edge = MapEdge(
                source=key,
                target=node["otherwise"] if node["otherwise"] in by_key else None,
                kind="otherwise",
                label=_("otherwise"),
                text=_("otherwise"),
                field=f"{base}-otherwise",
            )
            if edge.target is None:
                edge.flags.append(_("no target") if not node["otherwise"] else _("target missing"))
            item.edges.append(edge)
        problem_count += len(item.flags) + sum(len(edge.flags) for edge in item.edges)
        nodes.append(item)
    names = {node.key: node.display for node in nodes}
    for node in nodes:
        for edge in node.edges:
            edge.target_name = names.get(edge.target, "") if edge.target else ""
    width, height = _lay_out(nodes, facts)
    return ScenarioMap(nodes=nodes, width=width, height=height, problem_count=problem_count)


def _lay_out(nodes: list[MapNode], facts: scenarios.GraphFacts) -> tuple[int, int]:
    """Columns by the fewest moves from the first step (blocks never reached go in a last column), rows by block
    order; arrows run right, and those that go back or stay in their column bend below."""
    depth: dict[str, int] = {}
    if facts.start is not None:
        depth[facts.start] = 0
        frontier = [facts.start]
        while frontier:
            following = []
            for key in frontier:
                for target in facts.edges.get(key, []):
                    if target not in depth:
                        depth[target] = depth[key] + 1
                        following.append(target)
            frontier = following
    last = max(depth.values(), default=-1) + 1
    rows: dict[int, int] = {}
    for node in nodes:
        column = depth.get(node.key, last)
        row = rows.get(column, 0)
        rows[column] = row + 1
        node.x = MARGIN + column * COLUMN
        node.y = MARGIN + row * ROW
    by_key = {node.key: node for node in nodes}
    for node in nodes:
        count = len(node.edges)
        for number, edge in enumerate(node.edges):
            start_x = node.x + NODE_WIDTH
            start_y = node.y + NODE_HEIGHT * (number + 1) / (count + 1)
            target = by_key.get(edge.target) if edge.target else None
            if target is None:
                end_x, end_y = start_x + 40, start_y
                edge.path = f"M{start_x:.0f},{start_y:.0f} L{end_x:.0f},{end_y:.0f}"
                edge.label_x, edge.label_y = start_x + 8, start_y - 4
            elif target.x > node.x:
                end_x, end_y = target.x, target.y + NODE_HEIGHT / 2
                middle = (start_x + end_x) / 2
                edge.path = f"M{start_x:.0f},{start_y:.0f} C{middle:.0f},{start_y:.0f} {middle:.0f},{end_y:.0f} {end_x:.0f},{end_y:.0f}"
                edge.label_x, edge.label_y = start_x + 6, start_y - 4
            else:
                end_x, end_y = target.x + NODE_WIDTH / 2, target.y + NODE_HEIGHT
                low = max(node.y, target.y) + NODE_HEIGHT + 22
                edge.path = (
                    f"M{start_x:.0f},{start_y:.0f} C{start_x + 40:.0f},{low:.0f} {end_x:.0f},{low:.0f} "
                    f"{end_x:.0f},{end_y:.0f}"
                )
                edge.label_x, edge.label_y = start_x + 6, start_y - 4
    columns = max(rows, default=0) + 1
    width = MARGIN * 2 + columns * COLUMN
    height = MARGIN * 2 + max(rows.values(), default=1) * ROW + 24
    return int(width), int(height)


# --- Paths -----------------------------------------------------------------------------------------------------------


@dataclass
class PathStep:
    step: str
    choice: str
    score: int


@dataclass
class ScenarioPath:
    """One way through: the choices taken step by step, the ending reached, the score and variables at the end."""

    moves: list[PathStep]
    ending: str
    outcome: str
    score: int
    variables: dict[str, int]
    passes: bool

    @property
    def poor_passes(self) -> bool:
        return self.outcome == "poor" and self.passes


@dataclass
class PathsReport:
    paths: list[ScenarioPath]
    pass_mark: int
    truncated: bool
    looping: int

    @property
    def pass_reachable(self) -> bool:
        return any(path.passes for path in self.paths)

    @property
    def best(self) -> int | None:
        return max((path.score for path in self.paths), default=None)

    @property
    def poor_paths_failing(self) -> bool:
        """Every path to a poor ending fails (vacuously true when there is none)."""
        return not any(path.poor_passes for path in self.paths)


def scenario_paths(
    spec: dict,
    *,
    pass_mark: int,
    start: str | None = None,
    variables: dict[str, int] | None = None,
    score: int = 0,
    limit: int = MAX_PATHS,
) -> PathsReport:
    """Every distinct way from `start` (the first step by default) to an ending, playing the choices as a learner
    would (effects within bounds, branches on the variables). A path never takes the same step twice: ways that go
    round a loop are counted in `looping`, not listed. At most `limit` paths; `truncated` says when there were more."""
    by_key = scenarios.nodes_by_key(spec)
    begin = start if start is not None else scenarios.start_key(spec)
    report = PathsReport(paths=[], pass_mark=pass_mark, truncated=False, looping=0)
    if begin is None or begin not in by_key:
        return report
    values = dict(scenarios.initial_variables(spec) if variables is None else variables)
    try:
        begin, _via = scenarios.resolve(spec, begin, variables=values, score=score)
    except scenarios.ScenarioError:
        return report
    # iterative depth-first walk: (node key, variables, score, moves so far, steps taken)
    stack = [(begin, values, score, [], frozenset())]
    while stack:
        key, current, points, moves, taken = stack.pop()
        node = by_key[key]
        if node["kind"] == "ending":
            if len(report.paths) >= limit:
                report.truncated = True
                break
            report.paths.append(
                ScenarioPath(
                    moves=moves,
                    ending=scenarios.name_of(node) or node["title"],
                    outcome=node["outcome"],
                    score=points,
                    variables=current,
                    passes=points >= pass_mark,
                )
            )
            continue
        if key in taken:
            report.looping += 1
            continue
        for number, choice in reversed(list(enumerate(node["choices"]))):
            if choice["next"] not in by_key:
                continue
            try:
                move = scenarios.take_choice(spec, choice=choice, variables=current, score=points)
            except scenarios.ScenarioError:
                continue
            label = f"{chr(ord('a') + number)}. {choice['text']}"
            step = PathStep(step=scenarios.name_of(node), choice=label, score=choice["score"])
            stack.append((move.node["key"], move.variables, move.score, [*moves, step], taken | {key}))
    return report


def panel_context(spec: dict, *, pass_mark, page_id: str = "") -> dict:
    """What the editor's map panel shows: the map, the paths against the pass mark (0 when the field holds no
    number) and, once the page is saved, where “Play from here” starts."""
    try:
        mark = int(pass_mark)
    except (TypeError, ValueError):
        mark = 0
    return {
        "map": build_map(spec),
        "paths": scenario_paths(spec, pass_mark=mark),
        "play_url": reverse("quizzes_scenario_play", args=[int(page_id)]) if str(page_id).isdigit() else "",
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
    }
