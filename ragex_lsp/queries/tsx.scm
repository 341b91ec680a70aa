; TSX (.tsx): TypeScript with JSX.  The tsx grammar has every node the
; TypeScript query uses, so this query is that one (see typescript.scm for
; what it yields and leaves out); TSX components are ordinary functions and
; arrow-function constants.
; inherits: typescript
