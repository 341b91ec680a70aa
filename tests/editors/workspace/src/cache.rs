pub struct LruCache {
    capacity: usize,
}

impl LruCache {
    pub fn new(capacity: usize) -> Self {
        LruCache { capacity }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }
}
