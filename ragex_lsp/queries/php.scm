; PHP: namespaces (`namespace A\B;` spans its own statement only; a braced
; `namespace A { ... }` holds its declarations), classes (an anonymous
; `new class` is no symbol: its methods sit under the enclosing one),
; interfaces, traits, enums and their cases, functions, methods, constructors
; (`__construct`), properties (`$name`, as declared), class/interface/enum
; constants, top-level `const X = 1` and `define('X', ...)` (constants),
; top-level variables, and top-level `$f = function () {}` / `$f = fn() =>`
; closures (functions).
; A declaration with one element (`private int $count = 0;`) spans the whole
; declaration, modifiers included; with several (`public $a, $b;`) each name
; spans its own element so that none nests under another.
; Left out: constructor-promoted properties (`public function
; __construct(private int $x)`): they lie inside the constructor, whose
; nested properties the engine drops as locals; `use` imports; variables
; inside functions.
; Later patterns win over earlier ones for the same name.

(namespace_definition name: (namespace_name) @name) @definition.namespace
(namespace_definition name: (namespace_name) @name ";" @body) @definition.namespace

(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum
(enum_case name: (name) @name) @definition.enum_member
(enum_case name: (name) @name ";" @body) @definition.enum_member

(function_definition name: (name) @name) @definition.function

(method_declaration name: (name) @name) @definition.method
(method_declaration name: (name) @name ";" @body) @definition.method
(method_declaration
  name: (name) @name
  (#eq? @name "__construct")) @definition.constructor

; properties: each element on its own, the whole declaration when alone
(property_declaration
  (property_element name: (variable_name) @name) @definition.property)
(property_declaration
  [(attribute_list) (visibility_modifier) (static_modifier) (readonly_modifier) (var_modifier) (type)]
  .
  (property_element name: (variable_name) @name)
  .
  ";" @body) @definition.property

; constants: class constants and top-level `const`, same rule as properties
(const_declaration (const_element (name) @name) @definition.constant)
(const_declaration
  .
  (const_element (name) @name)
  .
  ";" @body) @definition.constant
(const_declaration
  [(attribute_list) (visibility_modifier) (final_modifier) (type)]
  .
  (const_element (name) @name)
  .
  ";" @body) @definition.constant

; define('NAME', value)
(function_call_expression
  function: (name) @_define
  arguments: (arguments . (argument (string (string_content) @name)))
  (#eq? @_define "define")) @definition.constant

; top-level variables and closures
(program
  (expression_statement
    (assignment_expression left: (variable_name) @name) @definition.variable))
(namespace_definition
  body: (compound_statement
    (expression_statement
      (assignment_expression left: (variable_name) @name) @definition.variable)))
(program
  (expression_statement
    (assignment_expression
      left: (variable_name) @name
      right: [(anonymous_function body: (_) @body) (arrow_function body: (_) @body)]) @definition.function))
(namespace_definition
  body: (compound_statement
    (expression_statement
      (assignment_expression
        left: (variable_name) @name
        right: [(anonymous_function body: (_) @body) (arrow_function body: (_) @body)]) @definition.function)))
