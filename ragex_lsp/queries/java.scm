; Java: yields
;   package      the package declaration (a one-line sibling of the types: it
;                applies to the whole file but does not enclose it)
;   module       module-info.java `module a.b { ... }`
;   class        classes and records (`record R(int x)`)
;   interface    interfaces and annotation types (`@interface A`)
;   enum         enums; their constants are enum_member
;   method       methods, abstract/interface methods, annotation elements
;   constructor  constructors and compact record constructors
;   field        fields (one symbol per declarator of `int a, b;`) and record
;                components
;   constant     `static final` fields and interface/annotation constants
;                (implicitly static final), as jdtls reports them
; Ranges include annotations and modifiers (they are part of the node).
; Details leave out bodies, initial values and the trailing `;`, e.g.
; `public static final int MAX`, `<T> List<T> map(Function<T, U> f) throws X`.
;
; Left out on purpose:
;   - anonymous classes (`new Runnable() { ... }`) get no symbol of their own:
;     they have no name.  Their methods still appear, under the enclosing
;     member (the field or method whose initializer/body holds them); their
;     fields are dropped when that member is a method (they are locals then).
;   - local variables, lambdas, static/instance initializer blocks, imports.
;   - a field declaration with several declarators (`int a, b = 2;`) gives
;     each name the declarator's range (`b = 2`), not the whole statement's:
;     equal ranges would nest `b` under `a`.
; Later patterns win over earlier ones for the same name and range.

(package_declaration [(identifier) (scoped_identifier)] @name ";" @body) @definition.package

(module_declaration name: (_) @name) @definition.module

; ---- types
(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum

(enum_constant name: (identifier) @name) @definition.enum_member

; record components are the record's (private final) fields
(record_declaration
  parameters: (formal_parameters (formal_parameter name: (identifier) @name) @definition.field))

; ---- members
(method_declaration name: (identifier) @name body: (block)) @definition.method
; abstract/interface methods: keep the `;` out of the detail
(method_declaration name: (identifier) @name ";" @body) @definition.method
(annotation_type_element_declaration name: (identifier) @name ";" @body) @definition.method

(constructor_declaration name: (identifier) @name) @definition.constructor
(compact_constructor_declaration name: (identifier) @name) @definition.constructor

; ---- fields
; a single declarator: the whole declaration; @body is the value if any (the
; engine takes the first), else the `;`, so the detail is `private int a`
(field_declaration
  type: (_) . declarator: (variable_declarator name: (identifier) @name value: (_)? @body) . ";" @body) @definition.field
(field_declaration
  [(modifiers "static" "final") (modifiers "final" "static")]
  type: (_) . declarator: (variable_declarator name: (identifier) @name value: (_)? @body) . ";" @body) @definition.constant
(constant_declaration
  type: (_) . declarator: (variable_declarator name: (identifier) @name value: (_)? @body) . ";" @body) @definition.constant

; several declarators (`int a, b = 2;`): each declarator's own range, matched
; only when it has a sibling declarator before or after it; a comment inside
; the declaration defeats the anchors above, so it takes this path too
(field_declaration
  [(variable_declarator) (line_comment) (block_comment)]
  (variable_declarator name: (identifier) @name) @definition.field)
(field_declaration
  (variable_declarator name: (identifier) @name) @definition.field
  [(variable_declarator) (line_comment) (block_comment)])
(field_declaration
  [(modifiers "static" "final") (modifiers "final" "static")]
  [(variable_declarator) (line_comment) (block_comment)]
  (variable_declarator name: (identifier) @name) @definition.constant)
(field_declaration
  [(modifiers "static" "final") (modifiers "final" "static")]
  (variable_declarator name: (identifier) @name) @definition.constant
  [(variable_declarator) (line_comment) (block_comment)])
(constant_declaration
  [(variable_declarator) (line_comment) (block_comment)]
  (variable_declarator name: (identifier) @name) @definition.constant)
(constant_declaration
  (variable_declarator name: (identifier) @name) @definition.constant
  [(variable_declarator) (line_comment) (block_comment)])
