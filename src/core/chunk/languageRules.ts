import type { Node } from 'web-tree-sitter';
import type { LanguageSpec } from './languageSpec';

/** What a node is to the walker. */
export type NodeRole = 'function' | 'class' | 'import' | 'transparent';

/** A language spec compiled into sets, with the questions the walker asks of a node. */
export class LanguageRules {
  readonly id: string;
  private readonly functions: ReadonlySet<string>;
  private readonly classes: ReadonlySet<string>;
  private readonly classesNeedBody: ReadonlySet<string>;
  private readonly functionValues: ReadonlySet<string>;
  private readonly transparent: ReadonlySet<string>;
  private readonly namespaces: ReadonlySet<string>;
  private readonly wrappers: ReadonlySet<string>;
  private readonly leading: ReadonlySet<string>;
  private readonly comments: ReadonlySet<string>;
  private readonly bodies: ReadonlySet<string>;
  private readonly imports: ReadonlySet<string>;
  private readonly assignments: ReadonlyMap<string, { name: string; value: string }>;
  private readonly declarations: ReadonlyMap<string, { name: string; value?: string }>;
  private readonly objects: ReadonlySet<string>;

  constructor(readonly spec: LanguageSpec) {
    this.id = spec.id;
    this.functions = new Set(spec.functions);
    this.classes = new Set(spec.classes);
    this.classesNeedBody = new Set(spec.classesNeedBody ?? []);
    this.functionValues = new Set(spec.functionValues ?? []);
    this.transparent = new Set(spec.transparent);
    this.namespaces = new Set(spec.namespaces ?? []);
    this.wrappers = new Set(spec.wrappers);
    this.leading = new Set(spec.leading);
    this.comments = new Set(spec.comments);
    this.bodies = new Set(spec.bodies);
    this.imports = new Set(spec.imports);
    this.assignments = new Map((spec.assignments ?? []).map((a) => [a.type, { name: a.name, value: a.value }]));
    this.declarations = new Map((spec.declarations ?? []).map((d) => [d.type, d.value === undefined ? { name: d.name } : { name: d.name, value: d.value }]));
    this.objects = new Set(spec.objects ?? []);
  }

  /** The role of `node` in `source` (the parsed text); imports count only outside containers. */
  roleOf(node: Node, topLevel: boolean, source: string): NodeRole | undefined {
    const type = node.type;
    if (this.functions.has(type) || this.assignedFunction(node) !== undefined) return 'function';
    if (this.classes.has(type)) return 'class';
    if (topLevel && this.isImport(node, source)) return 'import';
    if (this.transparent.has(type) || type === 'ERROR') return 'transparent';
    return undefined;
  }

  /** For `const f = () => {}` and the like: the function value bound to a name. */
  assignedFunction(node: Node): Node | undefined {
    const fields = this.assignments.get(node.type);
    if (fields === undefined) return undefined;
    const value = node.childForFieldName(fields.value);
    return value !== null && this.functionValues.has(value.type) ? value : undefined;
  }

  /** The field that names an assignment, when `node` is one. */
  assignmentNameField(node: Node): string | undefined {
    return this.assignments.get(node.type)?.name;
  }

  /** For a named value that is no unit (`const table = {...}`): its name node and value node. */
  declarationOf(node: Node): { name: Node; value: Node | null } | undefined {
    const fields = this.declarations.get(node.type);
    if (fields === undefined) return undefined;
    const name = node.childForFieldName(fields.name);
    if (name === null) return undefined;
    return { name, value: fields.value === undefined ? null : node.childForFieldName(fields.value) };
  }

  /** An object literal whose function-valued members are units. */
  isObject(type: string): boolean {
    return this.objects.has(type);
  }

  isImport(node: Node, source: string): boolean {
    if (this.imports.has(node.type)) return true;
    const calls = this.spec.importCalls;
    if (calls === undefined || !calls.types.includes(node.type)) return false;
    return calls.pattern.test(source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 200)));
  }

  /** Defines something the walker would make a unit of, or wraps such a thing. */
  isDefinitionLike(node: Node): boolean {
    const type = node.type;
    return this.functions.has(type) || this.classes.has(type) || this.wrappers.has(type) || this.assignments.has(type);
  }

  classNeedsBody(type: string): boolean {
    return this.classesNeedBody.has(type);
  }
  isNamespace(type: string): boolean {
    return this.namespaces.has(type);
  }
  isWrapper(type: string): boolean {
    return this.wrappers.has(type);
  }
  isTransparent(type: string): boolean {
    return this.transparent.has(type) || type === 'ERROR';
  }
  isLeading(type: string): boolean {
    return this.leading.has(type);
  }
  isComment(type: string): boolean {
    return this.comments.has(type);
  }
  /** A body that defines no code (`{ get; set; }`): see LanguageSpec.hollowBodies. */
  isHollow(body: Node): boolean {
    return this.spec.hollowBodies?.includes(body.type) === true && !body.namedChildren.some((c) => c?.childForFieldName('body') != null);
  }
  isBody(type: string): boolean {
    return this.bodies.has(type);
  }
}
