from gpu_workers.runtime.main import main

main()
