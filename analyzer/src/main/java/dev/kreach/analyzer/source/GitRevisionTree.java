package dev.kreach.analyzer.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;

/** One revision of a git repository, read through JGit without a checkout. */
public final class GitRevisionTree implements SourceTree, AutoCloseable {
    private final Repository repo;
    private final RevTree tree;
    private final String name;

    private GitRevisionTree(Repository repo, RevTree tree, String name) {
        this.repo = repo;
        this.tree = tree;
        this.name = name;
    }

    /** Opens {@code revision} (a commit, tag or branch name, or an expression such as HEAD~1) of the repository. */
    public static GitRevisionTree open(Path repository, String revision) {
        Repository repo;
        try {
            repo = new FileRepositoryBuilder().setMustExist(true).findGitDir(repository.toFile()).build();
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw new BadInputException(repository + ": not a git repository");
        } catch (IOException e) {
            throw new BadInputException(repository + ": cannot open the git repository: " + e.getMessage(), e);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(revision);
            if (id == null) {
                repo.close();
                throw new BadInputException(repository + ": no revision '" + revision + "'");
            }
            return new GitRevisionTree(repo, walk.parseTree(id), repository + "@" + revision);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            repo.close();
            throw new BadInputException(repository + ": cannot read revision '" + revision + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public java.util.Optional<String> state() {
        return java.util.Optional.of("git tree " + tree.getId().name());
    }

    /** A commit of a series: its full id, abbreviated id (12 digits, as the kernel's Fixes: tags) and subject. */
    public record Commit(String id, String abbreviated, String subject) {
    }

    /**
     * The commits from {@code base} (exclusive) to {@code head} (inclusive) along first parents, oldest first: the
     * series a branch adds, each to be checked on its own.
     */
    public static List<Commit> commits(Path repository, String base, String head) {
        try (Repository repo = new FileRepositoryBuilder().setMustExist(true).findGitDir(repository.toFile()).build();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId from = repo.resolve(base);
            ObjectId to = repo.resolve(head);
            if (from == null || to == null) {
                throw new BadInputException(repository + ": no revision '" + (from == null ? base : head) + "'");
            }
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(to));
            walk.markUninteresting(walk.parseCommit(from));
            List<Commit> out = new ArrayList<>();
            for (org.eclipse.jgit.revwalk.RevCommit c : walk) {
                out.add(new Commit(c.getName(), c.getName().substring(0, 12), c.getShortMessage()));
            }
            java.util.Collections.reverse(out);
            return out;
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw new BadInputException(repository + ": not a git repository");
        } catch (IOException e) {
            throw new BadInputException(repository + ": cannot list the commits " + base + ".." + head + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<String> files(Scope scope, String suffix) {
        List<String> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            List<String> prefixes = scope.prefixes().stream().filter(p -> !p.isEmpty()).toList();
            walk.setFilter(prefixes.size() < scope.prefixes().size() ? PathSuffixFilter.create(suffix)
                    : AndTreeFilter.create(PathFilterGroup.createFromStrings(prefixes), PathSuffixFilter.create(suffix)));
            while (walk.next()) {
                out.add(walk.getPathString());
            }
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot list: " + e.getMessage(), e);
        }
        return out.stream().sorted().toList();
    }

    @Override
    public boolean exists(String path) {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, tree)) {
            return walk != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public SourceFile read(String path) throws IOException {
        return new SourceFile(path, blob(path).getBytes());
    }

    /** From the object's header, without its bytes (a scan sizes every file it lists). */
    @Override
    public long size(String path) throws IOException {
        return blob(path).getSize();
    }

    /** The file at {@code path} in this revision, opened but not read. */
    private org.eclipse.jgit.lib.ObjectLoader blob(String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, tree)) {
            if (walk == null) {
                throw new IOException("no such file in " + name);
            }
            if (walk.isSubtree()) {
                throw new IOException("is a directory");
            }
            return repo.open(walk.getObjectId(0));
        }
    }

    @Override
    public void close() {
        repo.close();
    }
}
