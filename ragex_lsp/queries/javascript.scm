; JavaScript and JSX (.js .mjs .cjs .jsx).
;
; Yields:
; - classes (also `const Foo = class {}`, and `export default class {}`
;   named `default`);
; - methods (also shorthand methods of object literals), `constructor`
;   (constructor), getters/setters (property), class fields (field; a field
;   holding an arrow function or function is a method);
; - functions and generator functions, `const f = () => ...` and
;   `const f = function () {}` (nested under their function when local),
;   `export default function () {}` named `default`; React components are
;   functions like any other;
; - top-level variables (`const`/`let`/`var`; an ALL_CAPS name is a
;   constant) and the properties of an object bound to one
;   (`const api = { base: "/v1", get: (url) => ... }`: fields, methods when
;   they hold a function);
; - the functions of `export default { ... }`;
; - CommonJS and prototype style: `exports.f = ...`,
;   `module.exports.f = ...`, `module.exports = { ... }` (functions and
;   variables of the module), `Foo.prototype.m = function` (method,
;   container Foo), and at the top level `Foo.m = function` (method) and
;   `Foo.x = value` (field, with the properties of an object value).
;
; Ranges: `export` and decorators belong to the definition; a function or
; class bound by a one-declarator `const` spans the whole statement; a plain
; variable spans its declarator (`x = 1`, as tsserver does).
; Details: the definition up to its body or initializer
; (`export function load(path, opts = {})`, `export const f = async (x)`,
; `config` for `const config = {...}`).
;
; Left out: destructuring declarations; locals; functions bound by a
; several-declarator statement (variables then); properties of objects not
; bound to a top-level variable (callback objects such as
; `subscribe({ next: (v) => ... })` are noise) and of nested objects;
; `this.x = ...` assignments; re-exports and imports; class static blocks.
;
; Performance: most patterns are rooted at the definition node or at a
; wrapper whose first child they anchor (`.`), so match states die early.
; A state rooted at `program` lives through the whole file: the top-level
; definitions share two such patterns, whose alternatives sit one level down
; (alternatives at the root fork a state each and cost as much as separate
; patterns).
; Property keys: identifiers, numbers, computed names, and strings without
; their quotes (`"Content-Type": ...` is named Content-Type):
;   key: [(property_identifier) @name (string (string_fragment) @name)
;         (number) @name (computed_property_name) @name]
; Later patterns win over earlier ones for the same name and range.

; ---------------------------------------------------------------- classes

(class_declaration name: (identifier) @name body: (class_body) @body) @definition.class
(export_statement
  . declaration: (class_declaration name: (identifier) @name body: (class_body) @body)) @definition.class
; @dec export class C {}
(export_statement
  . (decorator)
  declaration: (class_declaration name: (identifier) @name body: (class_body) @body)) @definition.class
(export_statement "default" @name value: (class body: (class_body) @body)) @definition.class

; ------------------------------------------------------------ class members

(method_definition name: (_) @name body: (statement_block) @body) @definition.method
(method_definition "get" name: (_) @name body: (statement_block) @body) @definition.property
(method_definition "set" name: (_) @name body: (statement_block) @body) @definition.property
(method_definition
  name: (property_identifier) @name (#eq? @name "constructor")
  body: (statement_block) @body) @definition.constructor

(field_definition property: (_) @name "="? @body) @definition.field
(field_definition property: (_) @name value: (arrow_function body: (_) @body)) @definition.method
(field_definition property: (_) @name value: (function_expression body: (_) @body)) @definition.method

; -------------------------------------------------------------- functions

(function_declaration name: (identifier) @name body: (statement_block) @body) @definition.function
(generator_function_declaration name: (identifier) @name body: (statement_block) @body) @definition.function
(export_statement
  . declaration: (function_declaration name: (identifier) @name body: (statement_block) @body)) @definition.function
(export_statement
  . declaration: (generator_function_declaration
    name: (identifier) @name body: (statement_block) @body)) @definition.function
(export_statement "default" @name value: (function_expression body: (_) @body)) @definition.function
(export_statement "default" @name value: (generator_function body: (_) @body)) @definition.function
(export_statement "default" @name value: (arrow_function body: (_) @body)) @definition.function

; ------------------------------------------------------ top-level definitions
; Two patterns rooted at `program` with their alternatives one level down;
; the second wins over the first on the same definition: a constant over a
; variable, a method over a field.

(program
  (_ [
    ; const x = 1, let y, var z (the `_` is the declaration)
    (variable_declarator name: (identifier) @name "="? @body) @definition.variable
    ; properties of an object bound to a variable: const config = { port: 80, retry }
    (variable_declarator
      value: (object
        [
          (pair
            key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
            value: (_) @body)
          (shorthand_property_identifier) @name
        ] @definition.field))
    ; Foo.x = value: a field of Foo
    (assignment_expression
      . left: (member_expression
        object: (identifier) @container (#not-eq? @container "module")
        property: (property_identifier) @name)
      right: (_) @body) @definition.field
    ; Foo.defaults = { size: 1 }: its properties
    (assignment_expression
      . left: (member_expression
        object: (identifier) @_object (#not-eq? @_object "module")
        property: (property_identifier))
      right: (object
        (pair
          key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
          value: (_) @body) @definition.field))
  ]))
(program
  (_ [
    ; an ALL_CAPS name: a constant
    (variable_declarator
      name: (identifier) @name @_constant (#match? @_constant "^_*[A-Z][A-Z0-9_]*$")
      "="? @body) @definition.constant
    ; const api = { get: (url) => fetch(url), post: function (u) {} }
    (variable_declarator
      value: (object
        (pair
          key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
          value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
    ; Foo.m = function () {}: a method of Foo
    (assignment_expression
      . left: (member_expression object: (identifier) @container property: (property_identifier) @name)
      right: (function_expression body: (_) @body)) @definition.method
    ; Foo.Utils = { f: function () {} }
    (assignment_expression
      . left: (member_expression object: (identifier) property: (property_identifier))
      right: (object
        (pair
          key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
          value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
  ]))

; the same, exported
(export_statement
  . declaration: (_ [
    (variable_declarator name: (identifier) @name "="? @body) @definition.variable
    (variable_declarator
      value: (object
        [
          (pair
            key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
            value: (_) @body)
          (shorthand_property_identifier) @name
        ] @definition.field))
  ]))
(export_statement
  . declaration: (_ [
    (variable_declarator
      name: (identifier) @name @_constant (#match? @_constant "^_*[A-Z][A-Z0-9_]*$")
      "="? @body) @definition.constant
    (variable_declarator
      value: (object
        (pair
          key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
          value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @definition.method))
  ]))

; ------------------------------ variables bound to functions or classes
; One declarator: the whole statement is the definition.  With several
; (`const a = () => 1, b = 2`) they are plain variables.

(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (arrow_function body: (_) @body)) .) @definition.function
(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (function_expression body: (_) @body)) .) @definition.function
(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (generator_function body: (_) @body)) .) @definition.function
(lexical_declaration
  . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .) @definition.class
(variable_declaration
  . (variable_declarator name: (identifier) @name value: (arrow_function body: (_) @body)) .) @definition.function
(variable_declaration
  . (variable_declarator name: (identifier) @name value: (function_expression body: (_) @body)) .) @definition.function
(export_statement
  . declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (arrow_function body: (_) @body)) .)) @definition.function
(export_statement
  . declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (function_expression body: (_) @body)) .)) @definition.function
(export_statement
  . declaration: (lexical_declaration
    . (variable_declarator name: (identifier) @name value: (class body: (class_body) @body)) .)) @definition.class

; ------------------------------------------------------- export default {}

; export default { data() {}, f: function () {} }: the module's functions
(export_statement
  . value: (object (method_definition name: (_) @name body: (_) @body) @definition.function))
(export_statement
  . value: (object
    (pair
      key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
      value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function))

; ------------------------------------------------------------- CommonJS

; Foo.prototype.m = function () {}
(assignment_expression
  . left: (member_expression
    object: (member_expression
      object: (identifier) @container
      property: (property_identifier) @_prototype (#eq? @_prototype "prototype"))
    property: (property_identifier) @name)
  right: (function_expression body: (_) @body)) @definition.method

; exports.f = ..., module.exports.f = ...
(assignment_expression
  . left: (member_expression
    object: [
      (identifier) @_exports
      (member_expression
        object: (identifier) @_module (#eq? @_module "module")
        property: (property_identifier) @_exports)
    ] (#eq? @_exports "exports")
    property: (property_identifier) @name)
  right: [(function_expression body: (_) @body) (arrow_function body: (_) @body)]) @definition.function

; module.exports = { version: "1.0", f() {}, g: function () {}, h: () => 1 }:
; the module's variables and functions
(assignment_expression
  . left: (member_expression
    object: (identifier) @_module (#eq? @_module "module")
    property: (property_identifier) @_exports (#eq? @_exports "exports"))
  right: (object
    (pair
      key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
      value: (_) @body) @definition.variable))
(assignment_expression
  . left: (member_expression
    object: (identifier) @_module (#eq? @_module "module")
    property: (property_identifier) @_exports (#eq? @_exports "exports"))
  right: (object
    [
      (method_definition name: (_) @name body: (_) @body)
      (pair
        key: [(property_identifier) @name (string (string_fragment) @name) (number) @name (computed_property_name) @name]
        value: [(function_expression body: (_) @body) (arrow_function body: (_) @body)])
    ] @definition.function))
