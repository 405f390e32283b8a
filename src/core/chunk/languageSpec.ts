/**
 * How one language's syntax tree maps onto searchable units. Pure data: the syntax walker is generic and
 * reads only this. Node type names are those of the grammars in `@vscode/tree-sitter-wasm`.
 */
export interface LanguageSpec {
  /** Stable id stored with every unit ('typescript', 'python', ...). */
  readonly id: string;
  /** Lower-case file extensions, dot included. */
  readonly extensions: readonly string[];
  /** Exact base names that are in this language whatever their extension ('Rakefile'). */
  readonly fileNames?: readonly string[];
  /** Grammar file name inside the grammar directory. */
  readonly grammar: string;
  /**
   * Definitions with a body: 'function' units at top level, 'method' units inside a class-like container.
   * A definition without a body (an interface method, a prototype) is no unit; its container lists it.
   */
  readonly functions: readonly string[];
  /** Class-like containers ('class' units): classes, structs, interfaces, traits, enums, impls, modules. */
  readonly classes: readonly string[];
  /** Of `classes`, those that are a unit only with a body (C `struct stat st;` names a type, defines none). */
  readonly classesNeedBody?: readonly string[];
  /** Bindings of a function value to a name (`const f = () => {}`), read through their name and value fields. */
  readonly assignments?: readonly { readonly type: string; readonly name: string; readonly value: string }[];
  /** The function-valued node types that make an assignment a function. */
  readonly functionValues?: readonly string[];
  /**
   * Named values that are no unit of their own (`const locales = {...}`, `TIMEOUT = 30`, `static T: u8`), read
   * through their name and value fields: they name the blocks their lines fall into.
   */
  readonly declarations?: readonly { readonly type: string; readonly name: string; readonly value?: string }[];
  /**
   * Object literals whose function-valued members are units (`const formatters = { G(date) {...} }`): a
   * declaration with such a value is a scope, like a class without a unit of its own.
   */
  readonly objects?: readonly string[];
  /** Scopes walked through without a unit of their own: namespaces, export and declaration statements. */
  readonly transparent: readonly string[];
  /** Of `transparent`, the namespaces: their header and closing lines are scaffolding, never a block. */
  readonly namespaces?: readonly string[];
  /** Nodes whose text belongs to the single definition inside them: export, decorators, templates. */
  readonly wrappers: readonly string[];
  /** Sibling nodes directly above a definition that belong to it: comments, decorators, attributes. */
  readonly leading: readonly string[];
  /** Comment node types: their text is documentation when they sit directly above a definition. */
  readonly comments: readonly string[];
  /** A string as the first statement of a body is the docstring (Python). */
  readonly docstring?: { readonly statement: string; readonly string: string };
  /** Node types that hold a definition's members or code when it has no `body` field. */
  readonly bodies: readonly string[];
  /**
   * Of `bodies`, those that hold code only when one of their children has a `body` (C# `{ get; set; }`
   * declares accessors and defines none): without such a child the definition is no unit.
   */
  readonly hollowBodies?: readonly string[];
  /** Fields that carry a definition's name, tried in order. Default: `name`. */
  readonly nameFields?: readonly string[];
  /** Declarators to look through, by their first named child, on the way to a name (C++ `double& at()`). */
  readonly nameWrappers?: readonly string[];
  /** A top-level function whose `field` holds a `typeNode` is a method of that type (Go receivers). */
  readonly receiver?: { readonly field: string; readonly typeNode: string };
  /** Top-level statements listed as imports in the file unit (and never worth a block of their own). */
  readonly imports: readonly string[];
  /** Top-level statements of `types` whose text matches `pattern` import by a call (`require 'x'`, `source lib.sh`). */
  readonly importCalls?: { readonly types: readonly string[]; readonly pattern: RegExp };
}
