/** placeholder, replaced below */
export {};
