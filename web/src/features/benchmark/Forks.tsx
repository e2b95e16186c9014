import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useForkTree } from '../../api/queries';
import type { Schemas } from '../../api/client';
import { Badge, Empty, ErrorBox, Loading } from '../../ui/States';
import { date } from '../../ui/format';

type Node = Schemas['ForkNode'];

/** A node of the tree as the keyboard walks it: in display order, with its level and parent. */
type Row = { node: Node; level: number; parent: string | null; hasChildren: boolean };

/** The rows in view: depth first, skipping the children of collapsed nodes. */
export function visibleRows(root: Node, expanded: Set<string>): Row[] {
  const rows: Row[] = [];
  const walk = (node: Node, level: number, parent: string | null) => {
    const children = node.forks ?? [];
    rows.push({ node, level, parent, hasChildren: children.length > 0 });
    if (expanded.has(node.id!)) children.forEach((c) => walk(c, level + 1, node.id!));
  };
  walk(root, 1, null);
  return rows;
}

function allIds(root: Node): string[] {
  return [root.id!, ...(root.forks ?? []).flatMap(allIds)];
}

/**
 * The Forks tab: the sources this benchmark descends from, then the tree of its forks as a WAI-ARIA tree view (one tab
 * stop; ↑/↓ move, → opens or goes to the first fork, ← closes or goes to the source, Home/End, Enter opens the benchmark).
 */
export function Forks({ benchmarkId }: { benchmarkId: string }) {
  const tree = useForkTree(benchmarkId);
  if (tree.isPending) return <Loading what="the forks" />;
  if (tree.isError) return <ErrorBox error={tree.error} retry={() => tree.refetch()} />;
  const t = tree.data as Schemas['ForkTree'];
  const ancestors = t.ancestors ?? [];
  return (
    <section aria-labelledby="forks-title">
      <h2 id="forks-title">Forks</h2>
      {ancestors.length > 0 && (
        <p>
          Forked from{' '}
          {[...ancestors].reverse().map((a, i) => (
            <span key={a.id}>
              {i > 0 && ' → '}
              <Link to={`/benchmarks/${a.id}`}>{a.title}</Link> <span className="muted">v{a.version}</span>
            </span>
          ))}
          .
        </p>
      )}
      {(t.root?.forks ?? []).length === 0 ? (
        <Empty title="No fork yet.">Fork this benchmark to change its cases or graders in a copy of your own.</Empty>
      ) : (
        <ForkTreeView root={t.root!} current={benchmarkId} />
      )}
    </section>
  );
}

function ForkTreeView({ root, current }: { root: Node; current: string }) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(allIds(root)));
  const [focused, setFocused] = useState<string>(root.id!);
  const refs = useRef(new Map<string, HTMLDivElement | null>());
  const navigate = useNavigate();
  const rows = useMemo(() => visibleRows(root, expanded), [root, expanded]);

  const focus = (id: string) => {
    setFocused(id);
    refs.current.get(id)?.focus();
  };
  const toggle = (id: string, open: boolean) =>
    setExpanded((now) => {
      const next = new Set(now);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  const onKey = (e: KeyboardEvent, index: number) => {
    const row = rows[index];
    const id = row.node.id!;
    let handled = true;
    if (e.key === 'ArrowDown' && index + 1 < rows.length) focus(rows[index + 1].node.id!);
    else if (e.key === 'ArrowUp' && index > 0) focus(rows[index - 1].node.id!);
    else if (e.key === 'Home') focus(rows[0].node.id!);
    else if (e.key === 'End') focus(rows[rows.length - 1].node.id!);
    else if (e.key === 'ArrowRight') {
      if (row.hasChildren && !expanded.has(id)) toggle(id, true);
      else if (row.hasChildren) focus(rows[index + 1].node.id!);
    } else if (e.key === 'ArrowLeft') {
      if (row.hasChildren && expanded.has(id)) toggle(id, false);
      else if (row.parent) focus(row.parent);
    } else if (e.key === 'Enter') navigate(`/benchmarks/${id}`);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const render = (node: Node, level: number, siblings: number, position: number): ReactNode => {
    const children = node.forks ?? [];
    const open = expanded.has(node.id!);
    const index = rows.findIndex((r) => r.node.id === node.id);
    // the treeitem is the node's own line, so its name is that line alone (not its forks' text); its forks' group
    // follows it, and aria-level, aria-setsize and aria-posinset carry the structure
    return (
      <li key={node.id} role="none" className="fork-node">
        <div
          role="treeitem"
          aria-level={level}
          aria-setsize={siblings}
          aria-posinset={position}
          aria-expanded={children.length > 0 ? open : undefined}
          aria-selected={node.id === current}
          tabIndex={node.id === focused ? 0 : -1}
          ref={(el) => {
            refs.current.set(node.id!, el);
          }}
          onKeyDown={(e) => onKey(e, index)}
          onFocus={() => setFocused(node.id!)}
          className="fork-line"
        >
          <span
            className="fork-toggle"
            aria-hidden="true"
            onClick={() => children.length > 0 && toggle(node.id!, !open)}
          >
            {children.length === 0 ? '·' : open ? '▾' : '▸'}
          </span>
          <span>
            <Link to={`/benchmarks/${node.id}`} tabIndex={-1}>
              {node.title}
            </Link>{' '}
            <span className="muted">
              v{node.version} · by <span className="mono">{node.ownerId}</span>
              {node.forkedFromVersion != null && <> · from v{node.forkedFromVersion}</>}
              {node.forkedAt && <> on {date(node.forkedAt)}</>}
            </span>{' '}
            {node.visibility !== 'PUBLIC' && <Badge kind="neutral">{node.visibility?.toLowerCase()}</Badge>}
            {node.id === current && <Badge kind="neutral">this benchmark</Badge>}
            {children.length > 0 && (
              <span className="muted">
                {' '}
                · {children.length} fork{children.length === 1 ? '' : 's'}
              </span>
            )}
          </span>
        </div>
        {children.length > 0 && open && (
          <ul role="group" id={`forks-of-${node.id}`}>
            {children.map((c, i) => render(c, level + 1, children.length, i + 1))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <ul
      role="tree"
      aria-label="Fork tree: arrow keys move, open and close; Enter opens the benchmark"
      className="fork-tree"
    >
      {render(root, 1, 1, 1)}
    </ul>
  );
}
