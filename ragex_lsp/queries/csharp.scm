; C#: yields
;   namespace    block namespaces (`namespace A.B { ... }`, members nested) and
;                file-scoped ones (`namespace A.B;`: a one-line sibling of the
;                types that follow, the grammar does not nest them)
;   class        classes, records and `record class`
;   struct       structs and `record struct`
;   interface    interfaces
;   enum         enums; their members are enum_member
;   method       methods (incl. explicit interface implementations, abstract
;                and interface methods)
;   function     local functions (nested under their method)
;   constructor  instance and static constructors
;   property     properties, indexers (named `this`), positional record
;                parameters (they are the record's properties)
;   field        fields, one symbol per declarator of `int a, b;`
;   constant     `const` fields
;   event        event fields and events with add/remove accessors
;   operator     operators (named by the operator token, e.g. `+`, `==`) and
;                conversion operators (named by the target type: `operator int`)
;   type         delegates (a delegate declares a named function type)
; Ranges include attributes and modifiers; details leave out bodies, accessor
; lists, initial values and the trailing `;`.
;
; Left out on purpose: finalizers (`~Foo()`: no name node but `Foo`, which
; would read as a second constructor), accessors, locals, lambdas, using
; directives, top-level statements other than local functions.  A declaration
; with several declarators (`int a, b = 2;`) gives each name the declarator's
; range: equal ranges would nest `b` under `a`.
; Later patterns win over earlier ones for the same name and range.

(namespace_declaration name: (_) @name) @definition.namespace
(file_scoped_namespace_declaration name: (_) @name ";" @body) @definition.namespace

; ---- types
(class_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.struct
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(record_declaration "struct" name: (identifier) @name) @definition.struct
; `record P(int X);` has no body: keep the `;` out of the detail
(record_declaration name: (identifier) @name !body ";" @body) @definition.class
(record_declaration "struct" name: (identifier) @name !body ";" @body) @definition.struct
(delegate_declaration name: (identifier) @name ";" @body) @definition.type

(enum_member_declaration name: (identifier) @name) @definition.enum_member

; positional record parameters are public properties
(record_declaration
  (parameter_list (parameter name: (identifier) @name) @definition.property))

; ---- members
(method_declaration name: (identifier) @name body: (_)) @definition.method
(method_declaration name: (identifier) @name !body ";" @body) @definition.method
(local_function_statement name: (identifier) @name) @definition.function
(constructor_declaration name: (identifier) @name) @definition.constructor
(operator_declaration operator: _ @name) @definition.operator
(conversion_operator_declaration type: (_) @name) @definition.operator

(property_declaration
  name: (identifier) @name accessors: (_)? @body value: (_)? @body) @definition.property
(indexer_declaration
  "this" @name accessors: (_)? @body value: (_)? @body) @definition.property
(event_declaration name: (identifier) @name accessors: (_) @body) @definition.event

; ---- fields and event fields
; a single declarator: the whole declaration; @body is the `=` if any (the
; engine takes the first), else the `;`, so the detail is `private int a`
(field_declaration
  (variable_declaration
    type: (_) . (variable_declarator name: (identifier) @name "="? @body) .) ";" @body) @definition.field
(field_declaration
  (modifier "const")
  (variable_declaration
    type: (_) . (variable_declarator name: (identifier) @name "="? @body) .) ";" @body) @definition.constant
(event_field_declaration
  (variable_declaration
    type: (_) . (variable_declarator name: (identifier) @name "="? @body) .) ";" @body) @definition.event

; several declarators: each declarator's own range, matched only when it has
; a sibling declarator (or a comment, which defeats the anchors above)
(field_declaration
  (variable_declaration
    [(variable_declarator) (comment)] (variable_declarator name: (identifier) @name) @definition.field))
(field_declaration
  (variable_declaration
    (variable_declarator name: (identifier) @name) @definition.field [(variable_declarator) (comment)]))
(field_declaration
  (modifier "const")
  (variable_declaration
    [(variable_declarator) (comment)] (variable_declarator name: (identifier) @name) @definition.constant))
(field_declaration
  (modifier "const")
  (variable_declaration
    (variable_declarator name: (identifier) @name) @definition.constant [(variable_declarator) (comment)]))
(event_field_declaration
  (variable_declaration
    [(variable_declarator) (comment)] (variable_declarator name: (identifier) @name) @definition.event))
(event_field_declaration
  (variable_declaration
    (variable_declarator name: (identifier) @name) @definition.event [(variable_declarator) (comment)]))
