(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))
