import type { LanguageSpec } from './languageSpec';

/*
 * The one language table. Each entry says which node types are functions, classes, wrappers, comments and
 * imports; nothing else in the chunker knows about any particular language.
 *
 * Scoping rules (the same for every language):
 * - a function is never searched for nested definitions: nested functions and classes are part of it;
 * - a class-like container's function members are methods (container = its name), its class members are
 *   nested classes; Ruby `module` and Rust `mod` are containers too;
 * - namespaces (C#, C++, PHP, TypeScript) are transparent: what is inside them is top-level;
 * - so are ERROR nodes: a file that parsed in part still yields the units tree-sitter recognised.
 *
 * PowerShell is left out on purpose: after its first parse, V8 spends about 10 s of CPU tiering up that
 * grammar's wasm (measured on this project's 2-core machines; every other grammar costs under 1 s), so
 * .ps1 files are chunked by lines.
 */

const jsCommon = {
  functions: ['function_declaration', 'generator_function_declaration', 'method_definition'],
  assignments: [
    { type: 'variable_declarator', name: 'name', value: 'value' },
    { type: 'public_field_definition', name: 'name', value: 'value' },
    { type: 'field_definition', name: 'property', value: 'value' },
    { type: 'assignment_expression', name: 'left', value: 'right' },
    // `G: function (date) {...}` and `name: () => ...` inside an object literal
    { type: 'pair', name: 'key', value: 'value' },
  ],
  functionValues: ['arrow_function', 'function_expression', 'function', 'generator_function'],
  declarations: [
    { type: 'variable_declarator', name: 'name', value: 'value' },
    { type: 'assignment_expression', name: 'left', value: 'right' },
    { type: 'pair', name: 'key', value: 'value' },
    { type: 'public_field_definition', name: 'name', value: 'value' },
    { type: 'field_definition', name: 'property', value: 'value' },
    { type: 'call_expression', name: 'function' },
  ],
  objects: ['object'],
  // Anonymous functions called or passed at top level (IIFE, UMD and AMD wrappers, `$(function () {...})`,
  // `describe(() => {...})`) are scopes, not functions: what they define is searched like top-level code.
  transparent: [
    'export_statement',
    'lexical_declaration',
    'variable_declaration',
    'expression_statement',
    'ambient_declaration',
    'internal_module',
    'module',
    'statement_block',
    'call_expression',
    'arguments',
    'parenthesized_expression',
    'unary_expression',
    'function_expression',
    'function',
    'arrow_function',
  ],
  namespaces: ['internal_module', 'module'],
  wrappers: ['export_statement', 'lexical_declaration', 'variable_declaration', 'expression_statement', 'ambient_declaration'],
  leading: ['comment', 'decorator'],
  comments: ['comment'],
  bodies: ['class_body', 'interface_body', 'enum_body', 'object_type', 'statement_block'],
  imports: ['import_statement', 'import_alias'],
  importCalls: { types: ['lexical_declaration', 'variable_declaration'], pattern: /^(?:const|let|var)\s[^=]*=\s*require\s*\(/ },
} as const;

const tsClasses = [
  'class_declaration',
  'abstract_class_declaration',
  'interface_declaration',
  'enum_declaration',
  'type_alias_declaration',
];

const cppCommon = {
  grammar: 'tree-sitter-cpp.wasm',
  functions: ['function_definition'],
  classes: ['class_specifier', 'struct_specifier', 'union_specifier', 'enum_specifier'],
  classesNeedBody: ['class_specifier', 'struct_specifier', 'union_specifier', 'enum_specifier'],
  transparent: [
    'namespace_definition',
    'declaration_list',
    'linkage_specification',
    'template_declaration',
    'declaration',
    'type_definition',
    'preproc_if',
    'preproc_ifdef',
    'preproc_else',
    'preproc_elif',
    'preproc_elifdef',
  ],
  namespaces: ['namespace_definition', 'linkage_specification'],
  wrappers: ['template_declaration', 'declaration', 'type_definition'],
  leading: ['comment'],
  comments: ['comment'],
  bodies: ['field_declaration_list', 'enumerator_list'],
  nameFields: ['name', 'declarator'],
  nameWrappers: ['reference_declarator', 'parenthesized_declarator'],
  imports: ['preproc_include', 'using_declaration', 'alias_declaration'],
} as const;

export const LANGUAGES: readonly LanguageSpec[] = [
  { id: 'typescript', extensions: ['.ts', '.mts', '.cts'], grammar: 'tree-sitter-typescript.wasm', classes: tsClasses, ...jsCommon },
  { id: 'tsx', extensions: ['.tsx'], grammar: 'tree-sitter-tsx.wasm', classes: tsClasses, ...jsCommon },
  {
    id: 'javascript',
    extensions: ['.js', '.jsx', '.mjs', '.cjs'],
    grammar: 'tree-sitter-javascript.wasm',
    classes: ['class_declaration'],
    ...jsCommon,
  },
  {
    id: 'python',
    extensions: ['.py', '.pyi', '.pyw'],
    grammar: 'tree-sitter-python.wasm',
    functions: ['function_definition'],
    classes: ['class_definition'],
    // `handler = lambda event: ...` is a named function.
    assignments: [{ type: 'assignment', name: 'left', value: 'right' }],
    functionValues: ['lambda'],
    declarations: [
      { type: 'assignment', name: 'left', value: 'right' },
      { type: 'call', name: 'function' },
    ],
    transparent: ['decorated_definition', 'expression_statement'],
    wrappers: ['decorated_definition'],
    leading: ['comment'],
    comments: ['comment'],
    docstring: { statement: 'expression_statement', string: 'string' },
    bodies: ['block'],
    imports: ['import_statement', 'import_from_statement', 'future_import_statement'],
  },
  {
    id: 'go',
    extensions: ['.go'],
    grammar: 'tree-sitter-go.wasm',
    functions: ['function_declaration', 'method_declaration'],
    classes: ['type_spec', 'type_alias'],
    declarations: [
      { type: 'const_spec', name: 'name', value: 'value' },
      { type: 'var_spec', name: 'name', value: 'value' },
    ],
    transparent: ['type_declaration', 'const_declaration', 'var_declaration'],
    wrappers: ['type_declaration'],
    leading: ['comment'],
    comments: ['comment'],
    bodies: ['field_declaration_list'],
    receiver: { field: 'receiver', typeNode: 'type_identifier' },
    imports: ['package_clause', 'import_declaration'],
  },
  {
    id: 'rust',
    extensions: ['.rs'],
    grammar: 'tree-sitter-rust.wasm',
    functions: ['function_item'],
    classes: ['struct_item', 'enum_item', 'union_item', 'trait_item', 'impl_item', 'mod_item'],
    classesNeedBody: ['mod_item'],
    declarations: [
      { type: 'const_item', name: 'name', value: 'value' },
      { type: 'static_item', name: 'name', value: 'value' },
      { type: 'macro_invocation', name: 'macro' },
    ],
    transparent: [],
    wrappers: [],
    leading: ['line_comment', 'block_comment', 'attribute_item'],
    comments: ['line_comment', 'block_comment'],
    bodies: ['declaration_list', 'field_declaration_list', 'enum_variant_list'],
    nameFields: ['name', 'type'],
    imports: ['use_declaration', 'extern_crate_declaration'],
  },
  {
    id: 'java',
    extensions: ['.java'],
    grammar: 'tree-sitter-java.wasm',
    functions: ['method_declaration', 'constructor_declaration', 'compact_constructor_declaration'],
    classes: ['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration', 'annotation_type_declaration'],
    transparent: ['enum_body_declarations'],
    wrappers: [],
    leading: ['line_comment', 'block_comment'],
    comments: ['line_comment', 'block_comment'],
    bodies: ['class_body', 'interface_body', 'enum_body', 'annotation_type_body'],
    imports: ['package_declaration', 'import_declaration'],
  },
  {
    id: 'csharp',
    extensions: ['.cs'],
    grammar: 'tree-sitter-c-sharp.wasm',
    functions: [
      'method_declaration',
      'constructor_declaration',
      'destructor_declaration',
      'operator_declaration',
      'conversion_operator_declaration',
      // Properties with accessor or expression bodies; auto-properties are listed by their class.
      'property_declaration',
    ],
    classes: ['class_declaration', 'struct_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration'],
    transparent: ['namespace_declaration', 'file_scoped_namespace_declaration', 'declaration_list'],
    namespaces: ['namespace_declaration', 'file_scoped_namespace_declaration'],
    wrappers: [],
    leading: ['comment'],
    comments: ['comment'],
    bodies: ['declaration_list', 'enum_member_declaration_list', 'arrow_expression_clause', 'accessor_list'],
    hollowBodies: ['accessor_list'],
    imports: ['using_directive', 'extern_alias_directive'],
  },
  { id: 'cpp', extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.ipp', '.inl'], ...cppCommon },
  { id: 'c', extensions: ['.c', '.h'], ...cppCommon },
  {
    id: 'ruby',
    extensions: ['.rb', '.rake', '.gemspec', '.ru'],
    fileNames: ['Rakefile', 'Gemfile', 'Guardfile', 'Vagrantfile'],
    grammar: 'tree-sitter-ruby.wasm',
    functions: ['method', 'singleton_method'],
    classes: ['class', 'module'],
    // `class << self` adds methods to the enclosing class; its body is walked through.
    declarations: [
      { type: 'assignment', name: 'left', value: 'right' },
      { type: 'call', name: 'method' },
    ],
    transparent: ['singleton_class', 'body_statement'],
    wrappers: [],
    leading: ['comment'],
    comments: ['comment'],
    bodies: ['body_statement'],
    imports: [],
    importCalls: { types: ['call'], pattern: /^(?:require|require_relative|load)\b/ },
  },
  {
    id: 'php',
    extensions: ['.php', '.phtml'],
    grammar: 'tree-sitter-php.wasm',
    functions: ['function_definition', 'method_declaration'],
    classes: ['class_declaration', 'interface_declaration', 'trait_declaration', 'enum_declaration'],
    // `$square = function ($x) {...};` and `$f = fn($x) => ...` are named functions.
    assignments: [{ type: 'assignment_expression', name: 'left', value: 'right' }],
    functionValues: ['anonymous_function', 'anonymous_function_creation_expression', 'arrow_function'],
    declarations: [{ type: 'assignment_expression', name: 'left', value: 'right' }],
    transparent: ['namespace_definition', 'compound_statement', 'expression_statement'],
    namespaces: ['namespace_definition'],
    wrappers: [],
    leading: ['comment'],
    comments: ['comment'],
    bodies: ['declaration_list', 'enum_declaration_list'],
    imports: ['namespace_use_declaration'],
    importCalls: { types: ['expression_statement'], pattern: /^(?:require|require_once|include|include_once)\b/ },
  },
  {
    id: 'bash',
    extensions: ['.sh', '.bash'],
    fileNames: ['.bashrc', '.bash_profile', '.profile'],
    grammar: 'tree-sitter-bash.wasm',
    functions: ['function_definition'],
    classes: [],
    declarations: [{ type: 'variable_assignment', name: 'name', value: 'value' }],
    transparent: [],
    wrappers: [],
    leading: ['comment'],
    comments: ['comment'],
    bodies: ['compound_statement'],
    imports: [],
    importCalls: { types: ['command'], pattern: /^(?:source|\.)\s/ },
  },
];
